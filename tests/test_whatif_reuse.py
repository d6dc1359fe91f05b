"""what_if reuses what does not change when people go; its answer must be the one computed from scratch."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from test_analysis import AS_OF, accounts

from kamgraph.analysis import analyze_account, what_if, without_people


def _from_scratch(g, gone):
    before = analyze_account(g, as_of=AS_OF)
    after = analyze_account(without_people(g, gone), as_of=AS_OF)
    covered = lambda r: {c["id"] for c in r["contacts"] if c["covered"]}  # noqa: E731
    return after, {
        "newly_uncovered": sorted((covered(before) - covered(after)) & {c["id"] for c in after["contacts"]}),
        "lost_threads": before["coverage"]["threads"] - after["coverage"]["threads"],
        "health_before": before["health"]["score"],
        "health_delta": round(after["health"]["score"] - before["health"]["score"], 1),
    }


@settings(max_examples=80, deadline=None)
@given(accounts(), st.data())
def test_what_if_is_the_analysis_of_the_account_without_them(g, data):
    gone = data.draw(st.lists(st.sampled_from(sorted(g)), unique=True, max_size=3))
    result = what_if(g, gone, as_of=AS_OF)
    after, changes = _from_scratch(g, gone)
    assert {k: result[k] for k in after} == after
    assert {k: result[k] for k in changes} == changes


def test_what_if_takes_the_analysis_thresholds_and_refuses_others():
    from test_analysis import toy_account

    g = toy_account()
    strict = what_if(g, ["kam"], as_of=AS_OF, covered_min=0.9)
    assert strict["settings"]["covered_min"] == 0.9
    expected = analyze_account(without_people(g, ["kam"]), as_of=AS_OF, covered_min=0.9)
    assert {k: strict[k] for k in expected} == expected
    try:
        what_if(g, ["kam"], as_of=AS_OF, coverd_min=0.9)
    except TypeError as e:
        assert "coverd_min" in str(e)
    else:
        raise AssertionError("a misspelt setting was accepted")

