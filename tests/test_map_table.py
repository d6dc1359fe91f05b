"""The map's column tables: what the page unpacks is what was packed, and the review shares its work with the map."""

from __future__ import annotations

import datetime as dt

from conftest import small_dataset
from hypothesis import given, settings
from hypothesis import strategies as st
from test_analysis import AS_OF, toy_account

from kamgraph.render.relationship_map import map_data, map_html, table


def unpack(packed: dict) -> list[dict]:
    """What the page's script (templates/map.js, ``unpack``) makes of a table (less the keys whose value is null,
    which the script leaves out or sets to null: the same to vis-network)."""
    rows = []
    for row in packed["rows"]:
        item = {}
        for i, key in enumerate(packed["keys"]):
            value = row[i] if i < len(row) else None
            if value is None:
                continue
            item[key] = packed["dicts"][key][value] if key in packed["dicts"] else value
        rows.append({k: v for k, v in item.items() if v is not None})
    return rows


def same(a, b) -> bool:
    """Equal as JSON sees them: 1, 1.0 and True apart; a dict's key order aside."""
    if type(a) is not type(b) and not (isinstance(a, (list, tuple)) and isinstance(b, (list, tuple))):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    return a == b


scalars = st.one_of(st.none(), st.booleans(), st.integers(-3, 3), st.sampled_from([0.5, 1.0, 2.0, 1e-3]),
                    st.sampled_from(["", "a", "b", "<script>", "ü"]))
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=3),
                                                       st.dictionaries(st.sampled_from(["x", "y", "z"]), inner, max_size=3)),
                      max_leaves=6)
rows = st.lists(st.dictionaries(st.sampled_from(["color", "dashes", "facts", "id", "kind", "width"]), values), max_size=60)


@settings(max_examples=300, deadline=None)
@given(rows)
def test_the_page_unpacks_what_was_packed(given_rows):
    expected = [{k: v for k, v in r.items() if v is not None} for r in given_rows]
    assert all(same(a, b) for a, b in zip(unpack(table(given_rows)), expected, strict=True))


def test_values_json_tells_apart_stay_apart_and_equal_values_are_stored_once():
    shared = {"to": {"enabled": False}}
    made = [{"arrows": shared, "width": w, "flag": f, "colour": {"color": "#000", "opacity": 0.5}}
            for w, f in [(1, True), (1.0, 1), (True, 1.0), (1, True)]]
    packed = table(made)
    assert packed["dicts"]["arrows"] == [shared]  # one object shared by every row
    assert packed["dicts"]["colour"] == [{"color": "#000", "opacity": 0.5}]  # four equal dicts, stored once
    assert [(type(v), v) for v in packed["dicts"]["width"]] == [(int, 1), (float, 1.0), (bool, True)]
    assert all(same(a, b) for a, b in zip(unpack(packed), made, strict=True))


def test_a_column_of_many_distinct_values_is_kept_inline_and_absent_keys_are_trimmed():
    made = [{"facts": [i, str(i)], **({"tail": "x"} if i == 0 else {})} for i in range(200)]
    packed = table(made)
    assert "facts" not in packed["dicts"] and packed["rows"][1] == [[1, "1"]]  # absent last key: trimmed
    assert all(same(a, b) for a, b in zip(unpack(packed), made, strict=True))


def test_the_map_drawn_from_the_callers_analysis_and_strengths_is_the_same_page():
    from kamgraph.analysis import analyze_account, relationship_strengths

    g = toy_account()
    analysis, strengths = analyze_account(g, as_of=AS_OF), relationship_strengths(g, as_of=AS_OF)
    assert map_data([g], as_of=AS_OF, analyses=[analysis], strengths=strengths) == map_data([g], as_of=AS_OF)
    assert map_html(g, as_of=AS_OF, analyses=[analysis], strengths=strengths) == map_html(g, as_of=AS_OF)


def test_the_review_analyses_once_and_works_out_relationships_once(embedded, monkeypatch):
    """The review's analysis and relationships serve its actions, map and comparison; nothing works them out again."""
    import kamgraph.analysis.history as history
    import kamgraph.analysis.paths as paths
    import kamgraph.render.relationship_map as relationship_map
    import kamgraph.reports as reports
    from kamgraph.render.review import review_html

    embedded.write(small_dataset())
    day = dt.date(2026, 10, 21)
    reports.record_snapshot(embedded, "A1", as_of=day - dt.timedelta(days=30))
    calls: dict[str, int] = {}

    def counted(module, name):
        original = getattr(module, name)

        def wrapper(*args, **kwargs):
            calls[f"{module.__name__}.{name}"] = calls.get(f"{module.__name__}.{name}", 0) + 1
            return original(*args, **kwargs)
        monkeypatch.setattr(module, name, wrapper)

    for module, name in [(reports, "analyze_account"), (reports, "relationship_strengths"), (reports, "account_state"),
                         (relationship_map, "analyze_account"), (relationship_map, "relationship_strengths"),
                         (history, "analyze_account"), (history, "relationship_strengths"),
                         (paths, "relationship_strengths"), (paths, "_Ties")]:
        counted(module, name)
    pack = reports.review(embedded, "A1", as_of=day)
    page = review_html(pack)
    assert pack["changes"] is not None and any(a["path"] for a in pack["actions"])
    assert calls == {"kamgraph.reports.analyze_account": 1, "kamgraph.reports.relationship_strengths": 1,
                     "kamgraph.reports.account_state": 1, "kamgraph.analysis.paths._Ties": 1}
    assert "kg-data" in page


def test_a_review_with_nothing_to_compare_with_works_out_no_state(embedded, monkeypatch):
    import kamgraph.reports as reports

    embedded.write(small_dataset())
    monkeypatch.setattr(reports, "account_state", lambda *a, **kw: (_ for _ in ()).throw(AssertionError("not needed")))
    assert reports.review(embedded, "A1", as_of="2026-10-21")["changes"] is None
