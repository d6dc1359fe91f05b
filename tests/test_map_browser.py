"""The relationship map in a real headless Chromium: it loads offline, draws everyone, filters, and runs no user text."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from browser import OUTPUT, intersects, map_geometry, open_page
from test_analysis import AS_OF, toy_account
from test_map import generated_org

from kamgraph.analysis import analyze_account
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
        node = next(n for n in visible(seen) if n["search"] == EVIL.lower())
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


DEMO_DAY = dt.date(2026, 11, 1)
LAPTOP, PHONE = (1440, 900), (390, 844)
# a name at the fitted zoom on a laptop is at least this many CSS pixels high (111 people; 150 people)
MIN_LABEL_PX = {"northwind": 9, "org150": 8, "org150-departments": 8}
TOOLBAR_MAX = {LAPTOP: 40, PHONE: 135}  # one line on a laptop; a compact grid on a phone


@pytest.fixture(scope="module")
def accounts(tmp_path_factory):
    """The demo account and a generated 150-person flat-and-deep organisation: (graph, as-of day, map file)."""
    where = tmp_path_factory.mktemp("maps")
    demo = snapshot_from_dataset(sample_portfolio(DEMO_DAY), "ACC-NWR")
    org = generated_org(150)
    return {"northwind": (demo, DEMO_DAY, write_map(demo, where / "northwind.html", as_of=DEMO_DAY)),
            "org150": (org, AS_OF, write_map(org, where / "org150.html", as_of=AS_OF)),
            "org150-departments": (org, AS_OF, write_map(org, where / "org150-departments.html", as_of=AS_OF,
                                                         group_by_department=True))}


@pytest.mark.parametrize("name", ["northwind", "org150", "org150-departments"])
@pytest.mark.parametrize("viewport", [LAPTOP, PHONE], ids=["laptop", "phone"])
def test_the_map_reads_at_first_sight(accounts, name, viewport):
    graph, as_of, path = accounts[name]
    with open_page(path, viewport=viewport) as seen:
        ready(seen)
        geo = map_geometry(seen)
        people = [n for n, d in graph.nodes(data=True)
                  if d["side"] == "supplier" or (d["side"] == "customer" and d.get("active", True) is not False)]
        assert len(geo["nodes"]) == len(people) > 100
        frame = geo["frame"]
        width, height = viewport
        assert frame["right"] <= width and frame["bottom"] <= height
        for node in geo["nodes"]:  # fitted: every node (with its label) inside the map's box on screen
            assert frame["left"] - 1 <= node["left"] and node["right"] <= frame["right"] + 1, node
            assert frame["top"] - 1 <= node["top"] and node["bottom"] <= frame["bottom"] + 1, node
        toolbar = seen.page.locator(".controls").bounding_box()
        legend = seen.page.locator("#legend").bounding_box()
        assert toolbar["height"] <= TOOLBAR_MAX[viewport]
        for node in geo["nodes"]:  # nothing drawn under the legend or the toolbar
            assert not intersects(node, legend) and not intersects(node, toolbar), node
        drawn = [lab for lab in geo["labels"] if lab["drawn"]]
        if viewport == LAPTOP:  # up to ~150 people every name is drawn in full, and large enough to read
            assert sum(lab["opaque"] for lab in drawn) == len(people)
            assert min(lab["px"] for lab in drawn) >= MIN_LABEL_PX[name]
        # Level of detail: a label is drawn only where it is about legible, so on a phone they wait for the zoom.
        assert all(lab["px"] >= 7 for lab in drawn)
        overlaps = [(a["id"], b["id"]) for i, a in enumerate(drawn) for b in drawn[i + 1:] if intersects(a, b)]
        assert overlaps == []
        assert geo["captions"]  # our team's band is named, and its name is over no one's dot or label
        assert [(c["text"], x["id"]) for c in geo["captions"] for x in drawn + geo["nodes"] if intersects(c, x)] == []
        result = analyze_account(graph, as_of=as_of)
        findings = result["gaps"] + result["risks"]
        header = seen.page.inner_text("header .meta")
        customers = sum(1 for p in people if graph.nodes[p]["side"] == "customer")
        assert re.search(rf"\b{customers} of their people · {len(people) - customers} of ours · {len(findings)} findings "
                         rf"\({sum(f['severity'] == 'high' for f in findings)} high\)", header), header
        assert seen.errors == [] and seen.requests == []
        OUTPUT.mkdir(exist_ok=True)
        shot = OUTPUT / f"map-{name}-{width}x{height}.png"
        seen.page.screenshot(path=str(shot))
        assert shot.stat().st_size > 10_000


def test_reset_and_a_new_window_size_fit_the_whole_drawing_again(accounts):
    _, _, path = accounts["northwind"]
    with open_page(path, viewport=LAPTOP) as seen:
        ready(seen)
        fitted = map_geometry(seen)["scale"]
        seen.page.evaluate("kamgraphMap.network.moveTo({scale: 3, position: {x: 0, y: 0}})")
        seen.page.click("#f-reset")
        assert map_geometry(seen)["scale"] == pytest.approx(fitted, rel=0.01)
        fits = seen.page.evaluate("kamgraphMap.fits")
        seen.page.set_viewport_size({"width": PHONE[0], "height": PHONE[1]})
        seen.page.wait_for_function(f"kamgraphMap.fits >= {fits + 2} && kamgraphMap.network.getScale() < {fitted / 2}",
                                    timeout=5000)
        seen.page.wait_for_timeout(300)
        geo = map_geometry(seen)
        f = geo["frame"]
        assert all(f["left"] - 1 <= n["left"] and n["right"] <= f["right"] + 1
                   and f["top"] - 1 <= n["top"] and n["bottom"] <= f["bottom"] + 1 for n in geo["nodes"])


def test_the_legend_folds_away_and_the_drawing_takes_its_room(accounts):
    _, _, path = accounts["northwind"]
    with open_page(path, viewport=LAPTOP) as seen:
        ready(seen)
        before = seen.page.locator("#map").bounding_box()["height"]
        seen.page.click("#legend summary")
        seen.page.wait_for_function(f"document.getElementById('map').getBoundingClientRect().height > {before + 20}")
        seen.page.wait_for_timeout(200)
        geo = map_geometry(seen)
        assert all(geo["frame"]["top"] - 1 <= n["top"] and n["bottom"] <= geo["frame"]["bottom"] + 1 for n in geo["nodes"])
    with open_page(path, viewport=PHONE) as seen:  # on a phone it starts folded
        ready(seen)
        assert seen.page.evaluate("document.getElementById('legend').open") is False


def test_relationship_lines_default_to_the_strongest_and_the_findings_and_show_all_on_request(accounts):
    graph, as_of, path = accounts["northwind"]
    with open_page(path, viewport=LAPTOP) as seen:
        ready(seen)
        # kamgraphMap.lines: every line the page can draw; kamgraphMap.edges: those handed to vis-network so far
        drawable = seen.page.evaluate("kamgraphMap.lines.filter(e => e.kind === 'relationship').length")
        default = seen.page.evaluate("kamgraphMap.shownLines")
        assert 100 <= default < drawable * 0.6  # one line per covered contact, plus the findings' lines
        # vis-network is built with the default lines only; the rest join it when asked for
        assert seen.page.evaluate("kamgraphMap.edges.get({filter: e => e.kind === 'relationship'}).length") == default
        seen.page.check("#f-all")
        assert seen.page.evaluate("kamgraphMap.shownLines") == drawable
        assert seen.page.evaluate("kamgraphMap.edges.get({filter: e => e.kind === 'relationship'}).length") == drawable
        # a line added later has its tooltip like the others
        titles = seen.page.evaluate("kamgraphMap.edges.get({filter: e => e.kind === 'relationship'}).map(e => e.title)")
        assert all(re.match(r".+ → .+: strength \d\.\d\d\n\d+ interaction", t) for t in titles)
        seen.page.uncheck("#f-all")
        assert seen.page.evaluate("kamgraphMap.shownLines") == default
        # a click on a team member shows every relationship of theirs
        member = seen.page.evaluate("""() => {
          var counts = {};
          kamgraphMap.lines.filter(e => e.kind === 'relationship').forEach(e => { counts[e.from] = (counts[e.from] || 0) + 1; });
          return Object.keys(counts).sort((a, b) => counts[b] - counts[a])[0];
        }""")
        where = seen.page.evaluate("(id) => kamgraphMap.network.canvasToDOM(kamgraphMap.network.getPosition(id))", member)
        box = seen.page.locator("#map").bounding_box()
        seen.page.mouse.click(box["x"] + where["x"], box["y"] + where["y"])
        theirs = seen.page.evaluate(
            "(id) => kamgraphMap.edges.get({filter: e => e.kind === 'relationship' && e.from === id && !e.hidden}).length", member)
        total = seen.page.evaluate(
            "(id) => kamgraphMap.lines.filter(e => e.kind === 'relationship' && e.from === id).length", member)
        assert theirs == total > 10
        assert seen.errors == []


DRAWN_LINES = """() => kamgraphMap.network.body.edgeIndices.filter(id => kamgraphMap.edges.get(id).kind === 'relationship').length"""


@pytest.mark.parametrize("order", ["filter first", "all relationships first"])
def test_filters_apply_to_lines_added_after_the_page_opened(accounts, order):
    """Lines handed to vis-network late (with "all relationships" or a click) obey the filters like the others."""
    graph, as_of, path = accounts["northwind"]
    with open_page(path, viewport=LAPTOP) as seen:
        ready(seen)
        drawable = seen.page.evaluate("kamgraphMap.lines.filter(e => e.kind === 'relationship').length")
        hide_ours = lambda: seen.page.select_option("#f-side", "theirs")  # noqa: E731
        if order == "filter first":
            hide_ours()
            seen.page.check("#f-all")
        else:
            seen.page.check("#f-all")
            seen.page.evaluate("kamgraphMap.network.redraw()")
            assert seen.page.evaluate(DRAWN_LINES) == drawable
            hide_ours()
        seen.page.evaluate("kamgraphMap.network.redraw()")
        # every relationship line ends at one of our team, whom the filter hides: none is drawn
        assert seen.page.evaluate(DRAWN_LINES) == 0
        seen.page.select_option("#f-side", "")
        seen.page.evaluate("kamgraphMap.network.redraw()")
        assert seen.page.evaluate(DRAWN_LINES) == drawable
        assert seen.errors == []
