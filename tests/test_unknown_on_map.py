"""Unknown stakeholders on the relationship map: drawn under their account with a look of their own, a tooltip
saying who they are and with whom they met or wrote, and never named on a redacted map."""

from __future__ import annotations

from browser import open_page
from test_analysis import AS_OF, days_ago, toy_account

from kamgraph.render import write_map
from kamgraph.render.relationship_map import map_data

EVIL = "<img src=x onerror=alert(1)>"


def account_with_unknown(many: int = 0):
    g = toy_account()
    g.nodes["buyer"]["email"] = "Bo@Acme.example"
    g.graph["unknown"] = [
        {"date": days_ago(10), "kind": "meeting", "unknown": [f"tanaka@acme.example 田中 {EVIL}", "li@acme.example"],
         "participants": ["kam", "cfo"]},
        {"date": days_ago(3), "kind": "email", "unknown": ["tanaka@acme.example", "bo@acme.example Bo"],
         "participants": ["sponsor", "kam", "buyer"]},
        *({"date": days_ago(1), "kind": "email", "unknown": [f"x{i}@acme.example"], "participants": ["kam"]}
          for i in range(many)),
    ]
    return g


def unknown_of(data) -> list[dict]:
    return [n for n in data["nodes"] if n["side"] == "unknown"]


def test_each_unknown_stakeholder_is_drawn_under_the_account_with_who_and_with_whom():
    data = map_data([account_with_unknown()], as_of=AS_OF)
    tanaka, li = unknown_of(data)  # most interactions first; Bo has an email in the records: known, not drawn
    assert tanaka["label"].startswith("? 田中")
    assert tanaka["title"].splitlines()[:2] == [f"? 田中 {EVIL}", "tanaka@acme.example"]
    assert "On 2 interactions (1 email, 1 meeting), last " + days_ago(3) in tanaka["title"]
    assert "With: Kim KAM (2), Sam Sponsor (1)" in tanaka["title"]
    assert "With: Kim KAM (1)" in li["title"] and li["label"] == "? li"
    assert tanaka["shapeProperties"]["borderDashes"] and tanaka["color"]["background"] == "#ffffff"
    lowest = max(n["y"] for n in data["nodes"] if n["side"] == "theirs")
    assert tanaka["y"] > lowest and li["y"] == tanaka["y"] and li["x"] != tanaka["x"]
    assert data["counts"]["unknown"] == data["counts"]["unknown_all"] == 2


def test_only_the_ones_seen_most_are_drawn_and_the_legend_says_how_many_in_all(tmp_path):
    data = map_data([account_with_unknown(many=20)], as_of=AS_OF)
    assert len(unknown_of(data)) == 12 and data["counts"]["unknown_all"] == 22
    html = write_map(account_with_unknown(many=20), tmp_path / "m.html", as_of=AS_OF).read_text(encoding="utf-8")
    assert "unknown stakeholder" in html and "12 seen most of 22" in html
    plain = write_map(toy_account(), tmp_path / "none.html", as_of=AS_OF).read_text(encoding="utf-8")
    assert "unknown stakeholder:" not in plain  # no legend entry when there are none


def test_a_redacted_map_names_no_unknown_stakeholder(tmp_path):
    for options in ({"redact": True}, {"redact_all": True}):
        html = write_map(account_with_unknown(), tmp_path / "r.html", as_of=AS_OF, **options).read_text(encoding="utf-8")
        assert "tanaka" not in html and "田中" not in html and "li@acme" not in html
        data = map_data([account_with_unknown()], as_of=AS_OF, **options)
        assert {n["label"] for n in unknown_of(data)} == {"? unknown"}
        assert ("Kim KAM" in unknown_of(data)[0]["title"]) == ("redact" in options)


def test_a_focused_map_leaves_them_out():
    assert unknown_of(map_data([account_with_unknown()], as_of=AS_OF, focus="cfo", depth=1)) == []


def test_in_the_browser_they_are_drawn_below_their_account_and_no_name_runs_as_html(tmp_path):
    path = write_map(account_with_unknown(), tmp_path / "u.html", as_of=AS_OF)
    with open_page(path) as seen:
        seen.page.wait_for_function("window.kamgraphMap && window.kamgraphMap.ready", timeout=30000)
        assert seen.errors == [] and seen.requests == []
        drawn = seen.page.evaluate("kamgraphMap.nodes.get({filter: function (n) { return !n.hidden; }})")
        unknown = [n for n in drawn if n["side"] == "unknown"]
        assert len(unknown) == 2
        boxes = seen.page.evaluate("""ids => ids.map(id => kamgraphMap.network.getBoundingBox(id))""",
                                   [n["id"] for n in drawn])
        by_id = dict(zip([n["id"] for n in drawn], boxes, strict=True))
        theirs_bottom = max(by_id[n["id"]]["bottom"] for n in drawn if n["side"] == "theirs")
        assert all(by_id[n["id"]]["top"] > theirs_bottom for n in unknown)
        assert "unknown stakeholder" in seen.page.inner_text("#legend")
        assert seen.page.evaluate("document.querySelectorAll('img').length") == 0


def test_the_static_map_draws_them_too_with_a_legend_entry_and_names_none_when_redacted():
    from kamgraph.render.static_map import map_image

    svg = map_image([account_with_unknown()], "svg", as_of=AS_OF).decode("utf-8")
    assert "? li" in svg and "unknown stakeholder" in svg
    redacted = map_image([account_with_unknown()], "svg", as_of=AS_OF, redact=True).decode("utf-8")
    assert "? unknown" in redacted and "田中" not in redacted and "? li" not in redacted
