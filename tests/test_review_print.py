"""The review pack on paper: the still map rides in the page, hidden on screen, shown when printed or saved as PDF."""

from __future__ import annotations

import io
import re
import unicodedata
import xml.etree.ElementTree as ET

import pytest
from browser import OUTPUT, open_page
from test_static_map import svg_text

from kamgraph.analysis import analyze_account
from kamgraph.analysis.actions import recommend_actions
from kamgraph.render.relationship_map import map_data
from kamgraph.render.review import review_html
from kamgraph.render.static_map import print_svg
from kamgraph.sample import sample_portfolio
from kamgraph.snapshot import snapshot_from_dataset

DEMO_DAY = __import__("datetime").date(2026, 11, 2)
EVIL = "<script>A&B"


@pytest.fixture(scope="module")
def demo():
    graph = snapshot_from_dataset(sample_portfolio(DEMO_DAY), "ACC-NWR")
    contact = next(n for n, d in graph.nodes(data=True) if d["side"] == "customer" and d.get("active", True))
    graph.nodes[contact]["name"] = EVIL
    return graph


def people(graph) -> list[str]:
    """The names the map draws: our team and the customer's people still there."""
    return [d["name"] for _, d in graph.nodes(data=True)
            if d["side"] == "supplier" or (d["side"] == "customer" and d.get("active", True) is not False)]


def pack(graph) -> dict:
    analysis = analyze_account(graph, as_of=DEMO_DAY)
    return {"graph": graph, "analysis": analysis, "changes": None, "as_of": DEMO_DAY,
            "actions": recommend_actions(graph, analysis, as_of=DEMO_DAY)}


@pytest.fixture(scope="module")
def review_file(demo, tmp_path_factory):
    path = tmp_path_factory.mktemp("review") / "review.html"
    path.write_text(review_html(pack(demo)), encoding="utf-8")
    return path


def test_the_review_holds_the_still_map_with_every_name_as_text(demo, review_file):
    html = review_file.read_text(encoding="utf-8")
    section = re.search(r'<section class="print-map" id="print-map">(.*?)</section>', html, re.S)
    assert section, "no print map in the review"
    svg = section.group(1)[section.group(1).index("<svg"):section.group(1).rindex("</svg>") + 6]
    ET.fromstring(svg)  # parses: the names inside are escaped
    text = svg_text(svg.encode())
    names = people(demo)
    assert len(names) > 100
    for name in names:
        assert name in text, name
    assert "<script>" not in svg and EVIL in text


def test_redacted_map_data_gives_a_picture_with_no_customer_name(demo):
    svg = print_svg(map_data([demo], as_of=DEMO_DAY, redact=True), as_of=DEMO_DAY, redact=True)
    customers = [d["name"] for _, d in demo.nodes(data=True) if d["side"] == "customer"]
    assert "names redacted" in svg_text(svg.encode())
    assert not [name for name in customers if name in svg and name.replace("&", "&amp;").replace("<", "&lt;") in svg]
    assert not any(name.replace("&", "&amp;").replace("<", "&lt;") in svg for name in customers)


def test_on_screen_the_interactive_map_in_print_the_still_one_with_every_name(demo, review_file):
    pypdf = pytest.importorskip("pypdf")
    with open_page(review_file, viewport=(1440, 900)) as seen:
        seen.page.frame_locator("iframe.map").locator("#legend").wait_for(timeout=30000)
        assert seen.page.locator("iframe.map").is_visible()
        assert not seen.page.locator("#print-map").is_visible()
        seen.page.emulate_media(media="print")
        assert seen.page.locator("#print-map svg").is_visible()
        assert not seen.page.locator("iframe.map").is_visible()
        box = seen.page.locator("#print-map svg").bounding_box()
        assert box["width"] > 600 and 0.5 < box["height"] / box["width"] < 0.6  # 16:9, the page's width
        OUTPUT.mkdir(exist_ok=True)
        seen.page.locator("#print-map").screenshot(path=str(OUTPUT / "review-northwind-print-map.png"))
        pdf = seen.page.pdf(format="A4", print_background=True)
        assert seen.errors == [] and seen.requests == []
    assert pdf.startswith(b"%PDF-")
    (OUTPUT / "review-northwind.pdf").write_bytes(pdf)
    # the PDF's text, fi and fl ligatures as letters again
    pages = [unicodedata.normalize("NFKC", page.extract_text()) for page in pypdf.PdfReader(io.BytesIO(pdf)).pages]
    assert "Stakeholders" in "\n".join(pages)
    on = [i for i, page in enumerate(pages) if "Relationship map" in page]
    assert len(on) == 1  # the picture is not split across pages
    render_page(pdf, on[0], OUTPUT / "review-northwind-printed-map-page.png")
    missing = [name for name in people(demo) if name not in pages[on[0]]]  # on the map's own page, not the tables
    assert missing == []


def render_page(pdf: bytes, index: int, target) -> None:
    """One page of a PDF as a PNG, for a person to look at (skipped where pypdfium2 is missing)."""
    try:
        import pypdfium2
    except ImportError:
        return
    document = pypdfium2.PdfDocument(pdf)
    try:
        document[index].render(scale=2).to_pil().save(target)
    finally:
        document.close()
