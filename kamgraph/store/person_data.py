"""A person's data: everything kamgraph holds about one person, and forgetting them.

>>> export_person(store, "c1")            # doctest: +SKIP
>>> plan = forget_plan(store, "c1"); forget_person(store, plan)   # doctest: +SKIP

Forgetting a person deletes their node with every relationship they have (where
they work, their team and buying roles, reporting lines, influence, who knows
them) and removes them from the interactions they took part in: an interaction
that is left with only one side (only our people, or only the customer's) is
deleted, the others keep their other participants. Stored snapshots
(account reviews) that mention the person are deleted. Then the store's own
files are rewritten, so that what was deleted is not kept there either.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from kamgraph.errors import NotFound
from kamgraph.store.base import FIELD_SEPARATOR, GraphStore


def _person(store: GraphStore, key: str) -> dict:
    rows = store.read("person_data", person=key)
    if not rows:
        raise NotFound(f"no person with id '{key}' in {store.location}")
    return rows[0]["person"]


def _mentions(state: str, needles: set[str]) -> bool:
    """Whether a snapshot's JSON holds one of the texts as a whole value or key (not as part of a longer one)."""
    def walk(value) -> bool:
        if isinstance(value, str):
            return value in needles
        if isinstance(value, dict):
            return any(k in needles or walk(v) for k, v in value.items())
        if isinstance(value, list):
            return any(walk(v) for v in value)
        return False

    try:
        return walk(json.loads(state))
    except ValueError:
        return any(n in state for n in needles)


def _identifiers(person: dict) -> set[str]:
    return {v for k, v in person.items() if k in ("id", "name", "email") and isinstance(v, str) and v}


def export_person(store: GraphStore, person_id: str) -> dict:
    """Everything the store holds about one person, as plain JSON-ready data."""
    rows = store.read("person_data", person=person_id)
    if not rows:
        raise NotFound(f"no person with id '{person_id}' in {store.location}")
    person = dict(rows[0]["person"])
    relationships, interactions = [], []
    for row in rows:
        if row["type"] is None:
            continue
        other = dict(row["other"])
        if row["label"] == "Interaction":
            interactions.append({**other, "participants": other.get("participants", "").split(FIELD_SEPARATOR)})
            continue
        relationships.append({"type": row["type"], "direction": row["direction"], "with": row["label"],
                              "id": other.get("id"), "name": other.get("name"), "properties": dict(row["props"])})
    needles = _identifiers(person)
    snapshots = [{"account": s["account"], "taken_on": s["taken_on"]} for s in store.read("all_snapshots")
                 if _mentions(s["state"] or "", needles)]
    key = lambda r: (r["type"], r["direction"], str(r["id"]))  # noqa: E731
    return {
        "person": person,
        "relationships": sorted(relationships, key=key),
        "interactions": sorted(interactions, key=lambda i: (i.get("date") or "", i.get("id") or "")),
        "snapshots_mentioning": sorted(snapshots, key=lambda s: (s["account"], s["taken_on"])),
    }


@dataclass
class ForgetPlan:
    """What forgetting a person will delete or change (shown to the user before it is done)."""

    person: dict
    relationships: int
    interactions_deleted: list[str] = field(default_factory=list)
    interactions_kept: dict[str, str] = field(default_factory=dict)  # id -> the participants left
    snapshots: list[str] = field(default_factory=list)

    def describe(self) -> str:
        p = self.person
        return "\n".join([
            f"Person {p['id']} ({p.get('name', '')}{', ' + p['email'] if p.get('email') else ''}) and "
            f"{self.relationships} relationship(s) of theirs",
            f"{len(self.interactions_deleted)} interaction(s) left with only one side, deleted; "
            f"{len(self.interactions_kept)} kept without them",
            f"{len(self.snapshots)} stored snapshot(s) that mention them, deleted",
        ])


def forget_plan(store: GraphStore, person_id: str) -> ForgetPlan:
    export = export_person(store, person_id)
    person = export["person"]
    deleted, kept = [], {}
    for row in store.read("person_interactions", person=person_id):
        others = [(pid, side) for pid, side in zip(row["ids"], row["sides"], strict=True) if pid != person_id]
        if len({side for _, side in others}) < 2:
            deleted.append(row["interaction"])
        else:
            kept[row["interaction"]] = FIELD_SEPARATOR.join(sorted({pid for pid, _ in others}))
    needles = _identifiers(person)
    snapshots = [s["id"] for s in store.read("all_snapshots") if _mentions(s["state"] or "", needles)]
    relationships = len(export["relationships"]) + len(export["interactions"])
    return ForgetPlan(person, relationships, sorted(deleted), kept, sorted(snapshots))


def forget_person(store: GraphStore, plan: ForgetPlan) -> str:
    """Carry out a :func:`forget_plan` in one transaction, then rewrite the store's files; returns the engine's note."""
    store.write_statements([
        ("forget_interactions", [{"id": i} for i in plan.interactions_deleted]),
        ("set_participants", [{"id": i, "participants": p} for i, p in plan.interactions_kept.items()]),
        ("forget_snapshots", [{"id": s} for s in plan.snapshots]),
        ("forget_people", [{"id": plan.person["id"]}]),
    ])
    return store.erase_history()
