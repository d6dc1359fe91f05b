"""Unknown stakeholders of an account: people at its email domains whom mail and calendar imports saw but nobody
entered (see :mod:`kamgraph.io.capture`).

An interaction keeps the addresses at its account's domains that matched no
one when it was imported; an address that has since been given to a person
(``kamgraph import mail … --add-unknown``, or an import of contacts) is known
and no longer listed.
"""

from __future__ import annotations

from collections import Counter

from kamgraph.snapshot import resolve_account
from kamgraph.store import GraphStore
from kamgraph.store.base import FIELD_SEPARATOR


def unknown_stakeholders(store: GraphStore, account: str) -> list[dict]:
    """Each unknown stakeholder of ``account`` (an id or exact name), most often seen first.

    Returns dicts with ``address``, ``name`` (the display name seen most),
    ``interactions`` (how many), ``meetings``, ``emails``, ``first`` and
    ``last`` (dates) and ``with`` (the names of the people they met or wrote
    with, most often first).
    """
    account_id = resolve_account(store, account)
    known = {str(row["email"]).strip().lower() for row in store.read("people_emails")}
    found: dict[str, dict] = {}
    for row in store.read("account_unknown_stakeholders", account=account_id):
        participants = [p for p in str(row.get("participants") or "").split(FIELD_SEPARATOR) if p]
        for entry in row["unknown"]:
            address, _, name = str(entry).partition(" ")
            if address in known:
                continue
            seen = found.setdefault(address, {"address": address, "names": Counter(), "interactions": 0,
                                              "meetings": 0, "emails": 0, "dates": [], "with": Counter()})
            if name:
                seen["names"][name] += 1
            seen["interactions"] += 1
            if row.get("kind") in ("meeting", "email"):
                seen[row["kind"] + "s"] += 1
            if row.get("date"):
                seen["dates"].append(row["date"])
            seen["with"].update(participants)
    people = store.lookup("Person", sorted({p for s in found.values() for p in s["with"]}))
    out = []
    for seen in found.values():
        out.append({
            "address": seen["address"],
            "name": seen["names"].most_common(1)[0][0] if seen["names"] else None,
            "interactions": seen["interactions"],
            "meetings": seen["meetings"],
            "emails": seen["emails"],
            "first": min(seen["dates"], default=None),
            "last": max(seen["dates"], default=None),
            "with": [people.get(p, {}).get("name") or p for p, _ in seen["with"].most_common()],
        })
    return sorted(out, key=lambda r: (-r["interactions"], r["address"]))
