"""The relationship map in a real headless Chromium: it loads offline, draws everyone, filters, and runs no user text."""

from __future__ import annotations

import datetime as dt

import pytest
from browser import OUTPUT, open_page
from test_analysis import AS_OF, toy_account

from kamgraph.render import write_map
from kamgraph.sample import sample_portfolio
from kamgraph.snapshot import snapshot_from_dataset

EVIL = "<img src=x onerror=alert(1)>"


def ready(seen) -> None:
    seen.page.wait_for_function("window.kamgraphMap && window.kamgraphMap.ready", timeout=30000)


def visible(seen) -> list[dict]:
    return seen.page.evaluate("kamgraphMap.nodes.get({filter: function (n) { return !n.hidden; }})")


@pytest.fixture
def toy_map(tmp_path):
    g = toy_account()
    g.nodes["buyer"]["name"] = EVIL
    return write_map(g, tmp_path / "toy.html", as_of=AS_OF, title=EVIL)


def test_the_map_loads_with_no_error_and_no_request_leaving_the_page(toy_map):
    with open_page(toy_map) as seen:
        ready(seen)
        assert seen.errors == []
        assert seen.requests == []


def test_everyone_still_at_the_account_is_drawn_and_the_legend_is_visible(toy_map):
    with open_page(toy_map) as seen:
        ready(seen)
        assert seen.page.evaluate("kamgraphMap.visibleCount()") == 7  # 4 of theirs (one has left), 3 of ours
        assert seen.page.is_visible("#legend")
        assert "reports to" in seen.page.inner_text("#legend")


def test_filtering_by_department_hides_the_others(toy_map):
    with open_page(toy_map) as seen:
        ready(seen)
        seen.page.select_option("#f-department", "Board")
        theirs = [n for n in visible(seen) if n["side"] == "theirs"]
        assert sorted(n["department"] for n in theirs) == ["Board", "Board"]
        assert "of 7 people shown" in seen.page.inner_text("#status")
        seen.page.click("#f-reset")
        assert seen.page.evaluate("kamgraphMap.visibleCount()") == 7


def test_only_risks_shows_the_people_with_findings(toy_map):
    with open_page(toy_map) as seen:
        ready(seen)
        seen.page.check("#f-risks")
        assert visible(seen) and all(n["severity"] for n in visible(seen))


def test_a_name_that_is_a_script_shows_as_text_and_runs_nothing(toy_map):
    with open_page(toy_map) as seen:
        ready(seen)
        node = next(n for n in visible(seen) if n["label"].endswith(EVIL))
        where = seen.page.evaluate(
            "(id) => { var p = kamgraphMap.network.getPosition(id); return kamgraphMap.network.canvasToDOM(p); }", node["id"])
        box = seen.page.locator("#map").bounding_box()
        seen.page.mouse.move(box["x"] + where["x"], box["y"] + where["y"])
        seen.page.wait_for_selector("div.vis-tooltip", state="visible", timeout=5000)
        assert EVIL in seen.page.inner_text("div.vis-tooltip")
        assert EVIL in seen.page.inner_text("h1")
        assert seen.page.evaluate("document.querySelectorAll('img').length") == 0
        assert seen.dialogs == [] and seen.errors == []


def test_search_selects_and_highlights_a_person(toy_map):
    with open_page(toy_map) as seen:
        ready(seen)
        seen.page.fill("#f-search", "finn")
        seen.page.dispatch_event("#f-search", "change")
        selected = seen.page.evaluate("kamgraphMap.network.getSelectedNodes()")
        labels = seen.page.evaluate("(ids) => kamgraphMap.nodes.get(ids).map(function (n) { return n.label; })", selected)
        assert labels == ["⚠ Finn CFO"]  # the CFO has a high-severity finding in the toy account


def test_a_demo_map_is_drawn_and_photographed_for_review(tmp_path):
    graph = snapshot_from_dataset(sample_portfolio(dt.date(2026, 11, 1)), "ACC-NWR")
    path = write_map(graph, tmp_path / "demo.html", as_of=dt.date(2026, 11, 1))
    with open_page(path) as seen:
        ready(seen)
        assert seen.page.evaluate("kamgraphMap.visibleCount()") == 111  # 101 of theirs, 10 of ours
        assert seen.errors == [] and seen.requests == []
        OUTPUT.mkdir(exist_ok=True)
        seen.page.screenshot(path=str(OUTPUT / "map-northwind.png"))
    assert (OUTPUT / "map-northwind.png").stat().st_size > 10_000
