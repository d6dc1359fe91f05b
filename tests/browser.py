"""A real headless Chromium for page tests, driven by Playwright, with every network request blocked and recorded."""

from __future__ import annotations

import os
import shutil
from contextlib import contextmanager
from pathlib import Path

import pytest

OUTPUT = Path(__file__).resolve().parents[1] / "test-output"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def chromium_path() -> str:
    names = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
    found = os.environ.get("KAMGRAPH_CHROMIUM") or next(filter(None, map(shutil.which, names)), None)
    if not found:
        if os.environ.get("CI"):
            pytest.fail("no Chromium in CI: .ci/run installs Debian's chromium")
        pytest.skip("no Chromium here (apt-get install chromium, or set KAMGRAPH_CHROMIUM)")
    return found


class Page:
    """A loaded page with what it logged and asked for."""

    def __init__(self, page):
        self.page = page
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.dialogs: list[str] = []


_shared: dict = {}  # one Playwright and one Chromium for the whole test session, started on first use


def shared_browser():
    """The session's Chromium (started the first time a test asks; :func:`close_shared_browser` ends it)."""
    if "browser" not in _shared:
        sync_api = pytest.importorskip("playwright.sync_api")
        executable = chromium_path()
        _shared["playwright"] = sync_api.sync_playwright().start()
        try:
            _shared["browser"] = _shared["playwright"].chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        except BaseException:
            _shared.pop("playwright").stop()
            raise
    return _shared["browser"]


def close_shared_browser() -> None:
    """End the session's Chromium and Playwright, if started (conftest does, after the last test)."""
    browser, playwright = _shared.pop("browser", None), _shared.pop("playwright", None)
    try:
        if browser is not None:
            browser.close()
    finally:
        if playwright is not None:
            playwright.stop()


@contextmanager
def open_page(path: Path, viewport=(1400, 900)):
    """``path`` loaded in a fresh context (its own storage and cache) of the session's Chromium."""
    context = shared_browser().new_context(viewport={"width": viewport[0], "height": viewport[1]})
    try:
        page = context.new_page()
        seen = Page(page)
        page.on("console", lambda m: seen.errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: seen.errors.append(str(e)))

        def dialog(d):
            seen.dialogs.append(d.message)
            d.dismiss()

        page.on("dialog", dialog)

        def route(r):
            if r.request.url.startswith("file://") and r.request.url.endswith(path.name):
                r.continue_()
            else:
                seen.requests.append(r.request.url)
                r.abort()

        page.route("**/*", route)
        page.goto(path.as_uri())
        yield seen
    finally:
        context.close()


GEOMETRY = """() => {
  var net = kamgraphMap.network, frame = document.getElementById('map').getBoundingClientRect();
  function dom(x, y) { var p = net.canvasToDOM({x: x, y: y}); return {x: p.x + frame.left, y: p.y + frame.top}; }
  var out = {scale: net.getScale(), frame: {left: frame.left, top: frame.top, right: frame.right, bottom: frame.bottom},
             nodes: [], labels: []};
  kamgraphMap.nodes.get({filter: function (n) { return !n.hidden; }}).forEach(function (n) {
    var b = net.getBoundingBox(n.id), a = dom(b.left, b.top), c = dom(b.right, b.bottom);
    out.nodes.push({id: n.id, left: a.x, top: a.y, right: c.x, bottom: c.y});
    var l = net.body.nodes[n.id].labelModule, s = l.size, p = dom(s.left, s.top), q = dom(s.left + s.width, s.top + s.height);
    var px = l.fontOptions.size * net.getScale();
    out.labels.push({id: n.id, px: px, drawn: l.visible(), opaque: l.visible() && px >= l.elementOptions.scaling.label.drawThreshold,
                     left: p.x, top: p.y, right: q.x, bottom: q.y});
  });
  out.captions = (kamgraphMap.captions || []).map(function (c) {
    var a = dom(c.left, c.top), b = dom(c.right, c.bottom);
    return {text: c.text, left: a.x, top: a.y, right: b.x, bottom: b.y};
  });
  return out;
}"""


def map_geometry(seen) -> dict:
    """Where the map's nodes, labels and band captions are on the screen (CSS pixels), its scale, and its frame."""
    return seen.page.evaluate(GEOMETRY)


def intersects(a: dict, b: dict) -> bool:
    """Whether two boxes ({left, top, right, bottom} or Playwright's {x, y, width, height}) overlap."""
    def box(r):
        return (r["x"], r["y"], r["x"] + r["width"], r["y"] + r["height"]) if "width" in r else (r["left"], r["top"], r["right"], r["bottom"])
    (l1, t1, r1, b1), (l2, t2, r2, b2) = box(a), box(b)
    return l1 < r2 and l2 < r1 and t1 < b2 and t2 < b1
