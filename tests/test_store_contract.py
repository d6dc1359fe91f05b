"""The store contract: what every engine behind GraphStore must do the same way."""

from __future__ import annotations

import dataclasses

import pytest
from conftest import small_dataset

from kamgraph.analysis import relationship_strengths
from kamgraph.model import Dataset, Interaction, Link, Person
from kamgraph.snapshot import load_snapshot
from kamgraph.store import StoreError
from kamgraph.store.base import FIELD_SEPARATOR, batches, write_plan
from kamgraph.store.statements import Statement


def _everything(summary) -> dict:
    return {kind: counts["created"] for kind, counts in summary.as_dict().items()}


def test_round_trip_of_every_node_and_edge_type_keeps_unicode_text(store):
    data = small_dataset()
    store.write(data)
    nodes, edges = store.dump()
    labels = {label for label, _ in nodes}
    assert labels == {"Account", "Person", "Opportunity", "Interaction"}
    types = {t for _, t, _, _ in edges}
    assert types == {"WORKS_AT", "ON_TEAM", "REPORTS_TO", "INFLUENCES", "IN_CONFLICT_WITH", "KNOWS", "HAS_ROLE",
                     "ABOUT", "PARTICIPATED_IN"}
    people = store.lookup("Person", ["c1", "c2", "c3", "s2"])
    assert people["c1"]["name"] == "Zoë Łukasik" and people["c1"]["title"] == "Директор"
    assert people["c2"]["name"] == "山田 太郎"
    assert people["c3"]["attitude"] == "blocker" and people["c3"]["attitude_source"] == "Detractor"
    assert people["c1"]["influence"] == 0.7
    assert people["s2"]["active"] is False and people["s2"]["left_on"] == "2026-05-01"
    assert store.lookup("Account", ["A1"])["A1"]["annual_revenue"] == 1_250_000.5
    assert store.lookup("Opportunity", ["o1"])["o1"]["account"] == "A1"
    knows = [e for e in edges if e[1] == "KNOWS" and e[0] == "s1"]
    assert dict(knows[0][3]) == {"level": "trusted_advisor", "level_source": "Trusted adviser", "since": "2024-02-01"}
    roles = sorted(dict(e[3])["role"] for e in edges if e[1] == "HAS_ROLE")
    assert roles == ["champion", "decision_maker", "economic_buyer"]


def test_write_reports_what_it_created(store):
    summary = store.write(small_dataset())
    assert _everything(summary) == {
        "accounts": 1, "people": 5, "team memberships": 2, "relationships": 6, "opportunities": 1,
        "buying roles": 3, "interactions": 2, "participants": 5,
    }


def test_writing_the_same_data_twice_changes_nothing(store):
    store.write(small_dataset())
    before = store.dump()
    summary = store.write(small_dataset())
    assert store.dump() == before
    assert summary.total("created") == 0 and summary.total("updated") == 0
    assert summary.total("unchanged") == 25


def test_a_changed_record_is_updated_in_place(store):
    store.write(small_dataset())
    data = small_dataset()
    data.people[0] = dataclasses.replace(data.people[0], title="Geschäftsführerin", influence=None)
    summary = store.write(Dataset(people=[data.people[0]]))
    assert summary.as_dict()["people"] == {"created": 0, "updated": 1, "unchanged": 0}
    stored = store.lookup("Person", ["c1"])["c1"]
    assert stored["title"] == "Geschäftsführerin"
    assert "influence" not in stored  # a value removed at the source is removed from the store


def test_a_person_who_moves_account_works_at_the_new_one_only(store):
    store.write(small_dataset())
    from kamgraph.model import Account

    store.write(Dataset(accounts=[Account("A2", "Other")], people=[dataclasses.replace(small_dataset().people[2], account="A2")]))
    _, edges = store.dump()
    assert [(s, t) for s, typ, t, _ in edges if typ == "WORKS_AT" and s == "c3"] == [("c3", "A2")]


INJECTIONS = [
    "Robert'); MATCH (n) DETACH DELETE n; //",
    'Quote " double and \\" escaped',
    "back`tick` and ``double``",
    "braces {id: 'x'} and $param and $rows",
    "line one\nline two\r\nline three\ttab",
    "// comment /* block */ RETURN 1",
    "MERGE (x:Account {id: 'evil'}) SET x.pwned = true",
    "backslash at end \\",
    "",
]


def test_text_full_of_cypher_syntax_is_stored_and_returned_verbatim(store):
    people = [
        Person(f"x{i}", text or "(blank title below)", "customer", account="A1", title=text or None,
               department=f"{text}-dept" if text else None)
        for i, text in enumerate(INJECTIONS)
    ]
    data = small_dataset()
    data.people += people
    data.links.append(Link("knows", "s1", "x0", level="vendor"))
    store.write(data)
    found = store.lookup("Person", [p.id for p in people])
    for person in people:
        assert found[person.id]["name"] == person.name
        assert found[person.id].get("title") == person.title
        assert found[person.id].get("department") == person.department
    labels = {label for label, _ in store.dump()[0]}
    assert labels == {"Account", "Person", "Opportunity", "Interaction"}  # nothing was created by the text
    assert store.find_accounts(INJECTIONS[0]) == []
    assert store.find_accounts("Ærø Handel GmbH") == [{"id": "A1", "name": "Ærø Handel GmbH"}]


def test_ids_are_unique_per_label(store):
    store.write(small_dataset())
    store.write(small_dataset())
    nodes, _ = store.dump()
    ids = [(label, dict(props)["id"]) for label, props in nodes]
    assert len(ids) == len(set(ids)) == 9


def test_accounts_lists_counts_and_account_records_reads_one_account(store):
    store.write(small_dataset())
    assert store.accounts() == [{"id": "A1", "name": "Ærø Handel GmbH", "industry": "Retail", "country": "Deutschland",
                                 "annual_revenue": 1_250_000.5, "tier": "Strategic", "contacts": 3, "team": 2}]
    records = store.account_records("A1")
    assert {r["person"]["id"] for r in records["people"]} == {"c1", "c2", "c3", "s1", "s2"}
    assert len(records["links"]) == 6 and len(records["roles"]) == 3 and len(records["interactions"]["id"]) == 2
    assert store.account_records("nope") is None


def test_snapshot_from_either_engine_is_the_same_graph(store):
    store.write(small_dataset())
    graph = load_snapshot(store, "Ærø Handel GmbH")
    assert sorted(graph.nodes) == ["c1", "c2", "c3", "s1", "s2"]
    assert graph.nodes["s1"]["teams"] == {"A1": "KAM"}
    strengths = relationship_strengths(graph, as_of="2026-11-01")
    assert sorted(strengths) == [("s1", "c1"), ("s1", "c2"), ("s2", "c2")]
    assert strengths["s1", "c1"].interactions == 1 and strengths["s2", "c2"].last == "2026-04-01"


def _participants(store) -> dict[str, list[str]]:
    """Who took part in each interaction, as the edges say and as the interaction node says."""
    nodes, edges = store.dump()
    by_edge: dict[str, list[str]] = {}
    for source, kind, target, _ in edges:
        if kind == "PARTICIPATED_IN":
            by_edge.setdefault(target, []).append(source)
    by_node = {dict(props)["id"]: dict(props)["participants"].split(FIELD_SEPARATOR)
               for label, props in nodes if label == "Interaction"}
    assert by_node == {i: sorted(p) for i, p in by_edge.items()}
    return by_node


def test_an_interaction_states_everyone_who_took_part(store):
    store.write(small_dataset())
    assert _participants(store) == {"i1": ["c1", "c2", "s1"], "i2": ["c2", "s2"]}
    fewer = Interaction("i1", "meeting", "2026-10-01", "A1", ("s1", "c2"), "Quartalsgespräch")
    summary = store.write(Dataset(interactions=[fewer]))
    assert summary.as_dict()["interactions"] == {"created": 0, "updated": 1, "unchanged": 0}
    assert _participants(store) == {"i1": ["c2", "s1"], "i2": ["c2", "s2"]}
    found = store.account_records("A1")["interactions"]
    rows, start = [], 0
    for i, date, kind, size in zip(found["id"], found["date"], found["kind"], found["size"], strict=True):
        rows.append([i, date, kind, *found["participants"][start : start + size]])
        start += size
    assert sorted(rows) == [["i1", "2026-10-01", "meeting", "c2", "s1"], ["i2", "2026-04-01", "email", "c2", "s2"]]


def test_interactions_written_before_participants_were_kept_are_brought_up_to_date_by_init(store):
    store.write(small_dataset())
    store._write([(Statement("forget", "MATCH (i:Interaction) REMOVE i.participants", frozenset()), {})],
                 lambda i: None)
    with pytest.raises(StoreError, match="older kamgraph; run 'kamgraph init'"):
        store.account_records("A1")
    store.init()
    assert _participants(store) == {"i1": ["c1", "c2", "s1"], "i2": ["c2", "s2"]}
    assert len(store.account_records("A1")["interactions"]["id"]) == 2


def test_init_can_run_twice(store):
    store.init()
    store.init()
    store.write(small_dataset())
    assert len(store.accounts()) == 1


def test_a_statement_that_fails_mid_write_leaves_the_store_exactly_as_it_was(store):
    store.write(small_dataset())
    before = store.dump()
    changed = small_dataset()
    changed.people = [dataclasses.replace(p, title=f"{p.title or ''} (new)") for p in changed.people]
    changed.interactions.append(Interaction("i3", "call", "2026-11-01", "A1", ("s1", "c3"), "Neu"))
    names = [step.statement for step in write_plan(changed)]
    failing = "merge_opportunities"
    assert 0 < names.index(failing) < len(names) - 1  # statements run before it and after it
    # A statement that fails at run time, on the first row, in both engines: what ran before it must not stay applied.
    broken = Statement(failing, "UNWIND $rows AS row WITH row WHERE 1 / 0 = 1 RETURN 'created' AS outcome, count(*) AS n",
                       frozenset({"rows"}))
    store._statements = {**store._statements, failing: broken}
    with pytest.raises(StoreError) as refused:
        store.write(changed)
    assert store.dump() == before
    assert "nothing was saved" in str(refused.value)


def test_an_interaction_stored_by_two_writers_at_once_keeps_only_the_last_participants(store):
    # Both writers plan their write before either has stored the interaction: the plan must not depend
    # on what the store held when it was made, or the first writer's participants stay on.
    store.write(small_dataset())
    first = Dataset(interactions=[Interaction("i9", "call", "2026-11-02", "A1", ("s1", "c1"))])
    second = Dataset(interactions=[Interaction("i9", "call", "2026-11-02", "A1", ("s2", "c3"))])
    plans = [list(batches(write_plan(d))) for d in (first, second)]
    for plan in plans:
        store._write([(store._statements[step.statement], {"rows": rows}) for step, rows in plan], lambda i: None)
    assert _participants(store)["i9"] == ["c3", "s2"]
