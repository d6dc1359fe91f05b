"""Turn store records into a networkx graph: the only place where that happens.

The graph is a :class:`networkx.MultiDiGraph` whose nodes are people, keyed by
their source id. Node attributes are the person's stored properties plus:

- ``account``: for a customer person, the account they work at;
- ``teams``: for one of our people, ``{account id: team role}``;
- ``roles``: buying roles, ``[{"role", "account", "opportunity"?, "role_source"?}]``;
- ``interaction_count`` and ``last_interaction`` (ISO date or None).

Edges are keyed by their type: ``REPORTS_TO``, ``INFLUENCES``,
``IN_CONFLICT_WITH`` and ``KNOWS`` with their stored properties.

``G.graph`` holds ``accounts`` (``{id: properties}``), ``opportunities``
(``[properties + "account"]``) and ``interactions``, an
:class:`~kamgraph.activity.InteractionLog` (iterate it for ``{"id", "date",
"kind", "account", "participants"}``) and ``unknown``, the interactions that
name unknown stakeholders (``[{"account", "date", "kind", "unknown", "participants"}]``, each
entry of ``unknown`` an ``address name`` text); a one-account snapshot also has
``account``. Who met whom, and how often, is not drawn as edges: an account
can have hundreds of thousands of interactions, and
:func:`kamgraph.analysis.relationship_strengths` reads them from the log at once.
"""

from __future__ import annotations

import datetime as dt
import unicodedata

import networkx as nx
import numpy as np

from kamgraph.activity import UNDATED, InteractionLog
from kamgraph.bulk import no_cyclic_gc
from kamgraph.errors import KamgraphError, NotFound
from kamgraph.model import LEVELS
from kamgraph.snapshot_cache import cached_snapshot
from kamgraph.store import GraphStore


def fold_name(text: str) -> str:
    """A name as compared when a user types it: case, accents and repeated spaces ignored.

    >>> fold_name("  José  Muñoz ") == fold_name("jose munoz"), fold_name("Ærø") == fold_name("ærø")
    (True, True)
    """
    decomposed = unicodedata.normalize("NFKD", text)
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).casefold().split())


def _same_id(key: str):
    """A test for ids naming the same record as ``key``: a Salesforce id in its 15- or 18-character form."""
    from kamgraph.io.salesforce import id18, id_with_case, is_salesforce_id

    if not is_salesforce_id(key):
        return lambda candidate: candidate == key
    # as typed, or (an 18-character id that went through something case-blind) with the case its suffix records
    forms = {id18(key), id18(id_with_case(key))}
    return lambda candidate: candidate == key or (is_salesforce_id(candidate) and id18(candidate) in forms)


def _one(matches: list[tuple[str, str]], key: str, what: str) -> str | None:
    if len(matches) > 1:
        listed = "; ".join(f"{name} ({ident})" for ident, name in matches[:10])
        raise KamgraphError(f"{len(matches)} {what} match '{key}': {listed}{' …' if len(matches) > 10 else ''}; "
                            "name one by its id")
    return matches[0][0] if matches else None


def resolve_account(store: GraphStore, key: str) -> str:
    """The id of the account ``key`` names: its id (a Salesforce id in 15 or 18 characters), else its name.

    A name matches exactly, else ignoring case and accents; a name that matches
    several accounts is refused with the candidates listed.
    """
    found = store.find_accounts(key)
    exact = [a for a in found if a["id"] == key]
    if exact:
        return exact[0]["id"]
    from kamgraph.io.salesforce import is_salesforce_id

    listed = None
    if is_salesforce_id(key):  # the 15-character id from a Salesforce URL names the 18-character one's record
        same = _same_id(key.strip())
        listed = store.account_names()
        by_id = [a["id"] for a in listed if same(a["id"])]
        if by_id:
            return by_id[0]
    named = _one([(a["id"], a["name"]) for a in found], key, "accounts")
    if named:
        return named
    listed = listed if listed is not None else store.account_names()
    folded = fold_name(key)
    named = _one([(a["id"], a["name"]) for a in listed if fold_name(a.get("name") or "") == folded], key, "accounts")
    if named:
        return named
    raise NotFound(f"no account has the id or name '{key}' (kamgraph accounts lists them)")


def resolve_stored_person(store: GraphStore, key: str) -> str:
    """The id of the stored person ``key`` names, whichever account they are at (or ours).

    ``key`` is an id (a Salesforce id in 15 or 18 characters), an email (any
    case), or a name: exactly, else ignoring case and accents. A key that
    matches several people is refused with the candidates listed.
    """
    from kamgraph.io.salesforce import id18, id_with_case, is_salesforce_id

    text = key.strip()
    cased = id_with_case(text)
    ids = [key, text] + ([text[:15], id18(text), cased, cased[:15], id18(cased)] if is_salesforce_id(text) else [])
    found = store.lookup("Person", list(dict.fromkeys(ids)))
    for ident in ids:  # the id as typed first, then its other Salesforce form
        if ident in found:
            return ident
    listed = store.people_names()
    email, folded = text.lower(), fold_name(key)
    for test in (lambda p: p.get("name") == key or bool(email) and (p.get("email") or "").strip().lower() == email,
                 lambda p: fold_name(p.get("name") or "") == folded):
        named = _one([(p["id"], p.get("name") or p["id"]) for p in listed if test(p)], key, "people")
        if named:
            return named
    raise NotFound(f"nobody in the store has the id, email or name '{key}'")


def resolve_listed_account(accounts: list[tuple[str, str]], key: str) -> str | None:
    """The id of the account ``key`` names among ``(id, name)`` pairs (a file's accounts), as
    :func:`resolve_account` finds it in the store; ``None`` when none matches."""
    same = _same_id(key.strip())
    by_id = sorted(ident for ident, _ in accounts if same(ident))
    if by_id:
        return by_id[0]
    named = _one(sorted({(i, n) for i, n in accounts if n == key}), key, "accounts")
    if named:
        return named
    folded = fold_name(key)
    return _one(sorted({(i, n) for i, n in accounts if fold_name(n or "") == folded}), key, "accounts")


def load_snapshot(store: GraphStore, account: str) -> nx.MultiDiGraph:
    """One account's people and relationships; ``account`` is anything :func:`resolve_account` takes.

    Returns
    -------
    networkx.MultiDiGraph
        The account's contacts and team members, the relationships among them,
        and the interaction log, with each person's interaction count and last date.
        Read from the store's snapshot cache while the store is unchanged
        (:mod:`kamgraph.snapshot_cache`): the same graph, without reading the records.
    """
    account_id = resolve_account(store, account)
    return cached_snapshot(store, f"account:{account_id}", lambda: _build_snapshot(store, account_id))


def _build_snapshot(store: GraphStore, account_id: str) -> nx.MultiDiGraph:
    with no_cyclic_gc():  # hundreds of thousands of small objects, no cycles: see kamgraph.bulk
        records = store.account_records(account_id)
        if records is None:  # removed between the two reads
            raise NotFound(f"account '{account_id}' is no longer in the store")
        graph = build_graph([records])
    graph.graph["account"] = records["account"]
    return graph


def load_portfolio(store: GraphStore) -> nx.MultiDiGraph:
    """Every account in one graph (our people who serve several accounts appear once)."""
    return cached_snapshot(store, "portfolio", lambda: _build_portfolio(store))


def _build_portfolio(store: GraphStore) -> nx.MultiDiGraph:
    with no_cyclic_gc():
        records = [store.account_records(a["id"]) for a in store.accounts()]
        return build_graph([r for r in records if r is not None])


def build_graph(accounts: list[dict]) -> nx.MultiDiGraph:
    """Build the snapshot graph from :meth:`GraphStore.account_records` results."""
    with no_cyclic_gc():
        return _build_graph(accounts)


def _build_graph(accounts: list[dict]) -> nx.MultiDiGraph:
    graph = nx.MultiDiGraph(accounts={}, opportunities=[], interactions=InteractionLog(), unknown=[])
    for records in accounts:
        account_id = records["account"]["id"]
        graph.graph["accounts"][account_id] = records["account"]
        for row in records["people"]:
            person = row["person"]
            pid = person["id"]
            if pid not in graph:
                graph.add_node(pid, **person, roles=[], teams={}, interaction_count=0, last_interaction=None)
            if row["type"] == "WORKS_AT":
                graph.nodes[pid]["account"] = account_id
            else:
                graph.nodes[pid]["teams"][account_id] = row["props"].get("role")
        for link in records["links"]:
            if link["target"] not in graph:  # someone outside this account (a colleague's other accounts)
                continue
            if not graph.has_edge(link["source"], link["target"], key=link["type"]):
                graph.add_edge(link["source"], link["target"], key=link["type"], **link["props"])
        for role in records["roles"]:
            if role["person"] in graph:
                entry = {**role["props"], "account": account_id}
                if role["opportunity"]:
                    entry["opportunity"] = role["opportunity"]
                graph.nodes[role["person"]]["roles"].append(entry)
        graph.graph["opportunities"] += [{**o, "account": account_id} for o in records["opportunities"]]
        graph.graph["interactions"].add_columns(records["interactions"], account_id)
        graph.graph["unknown"] += [{**u, "account": account_id} for u in records.get("unknown", ())]
    _count_interactions(graph)
    return graph


def _count_interactions(graph: nx.MultiDiGraph) -> None:
    """Set each person's ``interaction_count`` and ``last_interaction`` from the log."""
    log = graph.graph["interactions"]
    interaction, person = log.participations()
    counts = np.bincount(person, minlength=len(log.people))
    last = np.full(len(log.people), UNDATED, dtype=np.int64)
    np.maximum.at(last, person, log.day_numbers()[interaction])
    for code, pid in enumerate(log.people):
        if pid in graph:
            node = graph.nodes[pid]
            node["interaction_count"] = int(counts[code])
            node["last_interaction"] = dt.date.fromordinal(int(last[code])).isoformat() if last[code] > 0 else None


def people_rows(graph: nx.MultiDiGraph) -> list[dict]:
    """The people of a snapshot as flat rows (customers first, then ours), for tables and JSON."""
    account = graph.graph.get("account", {}).get("id")
    rows = []
    for pid, d in graph.nodes(data=True):
        roles = sorted({r["role"] for r in d.get("roles", []) if r.get("account") == account or account is None})
        rows.append({
            "id": pid,
            "name": d.get("name"),
            "side": d.get("side"),
            "title": d.get("title"),
            "email": d.get("email"),
            "department": d.get("department"),
            "level": d.get("level"),
            "roles": roles,
            "team_role": d.get("teams", {}).get(account),
            "attitude": d.get("attitude"),
            "active": d.get("active", True),
            "status": "active" if d.get("active", True) else f"left {d.get('left_on') or ''}".strip(),
            "last_interaction": d.get("last_interaction"),
        })
    rank = {level: i for i, level in enumerate(LEVELS)}
    rows.sort(key=lambda r: (r["side"] != "customer", r["department"] or "", rank.get(r["level"], len(rank)),
                             r["name"] or "", r["id"]))
    return rows


def resolve_person(graph: nx.MultiDiGraph, key: str) -> str:
    """The id of the person in the snapshot that ``key`` names.

    ``key`` is an id (a Salesforce id in 15 or 18 characters), an email (any
    case), or a name: exactly, else ignoring case and accents. A key that
    matches several people is refused with the candidates listed.
    """
    if key in graph:
        return key
    same = _same_id(key.strip())
    by_id = sorted(n for n in graph if same(n))
    if by_id:
        return by_id[0]
    email, folded = key.strip().lower(), fold_name(key)
    for test in (lambda d: d.get("name") == key or (d.get("email") or "").lower() == email,
                 lambda d: fold_name(d.get("name") or "") == folded):
        found = _one(sorted((n, d.get("name") or n) for n, d in graph.nodes(data=True) if test(d)), key, "people")
        if found:
            return found
    account = graph.graph.get("account", {}).get("name", "this account")
    raise NotFound(f"nobody in {account} has the id, email or name '{key}' (kamgraph people lists them)")


def snapshot_from_dataset(data, account_id: str) -> nx.MultiDiGraph:
    """The snapshot of one account straight from a :class:`~kamgraph.model.Dataset`, with no store.

    It is the graph :func:`load_snapshot` gives after the dataset is imported
    (``tests/test_snapshot.py`` checks that), for notebooks and benchmarks that
    want to analyse or draw data without storing it.
    """
    from kamgraph.model import LINK_TYPES, properties

    accounts = {a.id: a for a in data.accounts}
    if account_id not in accounts:
        raise NotFound(f"the dataset has no account '{account_id}'")
    team = {t.person: t for t in data.team if t.account == account_id}
    people, members = [], set()
    for p in data.people:
        if p.side == "customer" and p.account == account_id:
            people.append({"person": properties(_without(p, "account")), "type": "WORKS_AT", "props": {}})
            members.add(p.id)
        elif p.id in team:
            people.append({"person": properties(_without(p, "account")), "type": "ON_TEAM",
                           "props": properties(_without(team[p.id], "account", "person"))})
            members.add(p.id)
    opportunities = {o.id: o for o in data.opportunities if o.account == account_id}
    records = {
        "account": properties(accounts[account_id]),
        "people": people,
        "links": [{"source": x.source, "type": LINK_TYPES[x.kind], "target": x.target,
                   "props": properties(_without(x, "kind", "source", "target"))}
                  for x in data.links if x.source in members],
        "roles": [{"person": r.person, "props": properties(_without(r, "person", "account", "opportunity")),
                   "opportunity": r.opportunity}
                  for r in data.roles if r.account == account_id and (not r.opportunity or r.opportunity in opportunities)],
        "opportunities": [properties(_without(o, "account")) for o in opportunities.values()],
        "interactions": _interaction_columns([i for i in data.interactions if i.account == account_id]),
        "unknown": [{"date": i.date, "kind": i.kind, "unknown": list(i.unknown), "participants": list(i.participants)}
                    for i in data.interactions if i.account == account_id and i.unknown],
    }
    graph = build_graph([records])
    graph.graph["account"] = records["account"]
    return graph


def _interaction_columns(interactions: list) -> dict[str, list]:
    people = [sorted(set(i.participants)) for i in interactions]
    return {"id": [i.id for i in interactions], "date": [i.date for i in interactions],
            "kind": [i.kind for i in interactions], "size": [len(p) for p in people],
            "participants": [pid for p in people for pid in p]}


def _without(record, *names):
    from dataclasses import replace

    return replace(record, **{n: None for n in names})
