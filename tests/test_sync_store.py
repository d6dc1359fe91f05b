"""The store's part of a sync, on every engine: removals and a write in one transaction."""

from __future__ import annotations

from conftest import small_dataset

from kamgraph.model import Dataset, Person


def test_a_write_with_removals_removes_each_kind_and_writes_the_rest(store):
    store.write(small_dataset())
    gone = Person("c3", "Renée O'Brien", "customer", account="A1", title="Buyer", level="staff",
                  attitude="blocker", attitude_source="Detractor", active=False)
    summary = store.write(Dataset(people=[gone]), removals={
        "team": [{"person": "s2", "account": "A1"}],
        "links": [{"type": "REPORTS_TO", "source": "c3", "target": "c1"},
                  {"type": "KNOWS", "source": "s2", "target": "c2"},
                  {"type": "INFLUENCES", "source": "c1", "target": "c2"}],  # not there: nothing to remove
        "account_roles": [{"person": "c2", "account": "A1", "role": "economic_buyer"}],
        "opportunity_roles": [{"person": "c1", "opportunity": "o1", "role": "decision_maker"}],
        "interactions": [{"id": "i2"}],
    })
    assert summary.total("removed") == 6 and summary.as_dict()["people"]["updated"] == 1
    nodes, edges = store.dump()
    ties = {(s, t, d) for s, t, d, _ in edges}
    assert ("s2", "ON_TEAM", "A1") not in ties and ("s1", "ON_TEAM", "A1") in ties
    assert ("c3", "REPORTS_TO", "c1") not in ties and ("c1", "REPORTS_TO", "c2") in ties
    assert ("s2", "KNOWS", "c2") not in ties and ("s1", "KNOWS", "c1") in ties
    assert ("c2", "HAS_ROLE", "A1") not in ties and ("c1", "HAS_ROLE", "A1") in ties
    assert ("c1", "HAS_ROLE", "o1") not in ties
    assert "i2" not in {dict(p)["id"] for label, p in nodes if label == "Interaction"}
    assert not any(d == "i2" or s == "i2" for s, _, d in ties)
    assert store.lookup("Person", ["c3", "s2"])["c3"]["active"] is False and "s2" in store.lookup("Person", ["s2"])
    assert [i["id"] for i in store.account_interaction_records("A1")] == ["i1"]
    assert store.account_interaction_records("A1")[0]["participants"] == ["c1", "c2", "s1"]


def test_removing_what_is_not_there_changes_nothing(store):
    store.write(small_dataset())
    before = store.dump()
    summary = store.write(Dataset(), removals={"team": [{"person": "c1", "account": "A1"}],
                                                    "links": [{"type": "KNOWS", "source": "c1", "target": "s1"}],
                                                    "interactions": [{"id": "nope"}]})
    assert summary.total("removed") == 0 and store.dump() == before
