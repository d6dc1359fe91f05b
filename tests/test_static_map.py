"""The map as a still picture for slides and print: SVG, PNG and PDF."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from click.testing import CliRunner
from test_analysis import AS_OF, toy_account
from test_cli_analysis import home, run  # noqa: F401  (the fixture and helper of the CLI tests)

from kamgraph.cli import cli
from kamgraph.errors import KamgraphError
from kamgraph.render.static_map import map_image, write_map_image

SVG_NS = "{http://www.w3.org/2000/svg}"


def svg_text(svg: bytes) -> str:
    """Every piece of text the SVG draws, one per line (the file must parse as XML)."""
    root = ET.fromstring(svg)
    return "\n".join("".join(t.itertext()) for t in root.iter(f"{SVG_NS}text"))


def drawn(g) -> list[str]:
    return [d["name"] for _, d in g.nodes(data=True)
            if d["side"] in ("customer", "supplier") and not (d["side"] == "customer" and d.get("active", True) is False)]


def test_the_svg_holds_every_drawn_name_and_title_as_text_and_the_legend():
    g = toy_account()
    g.nodes["cfo"]["title"] = "Chief Financial Officer"
    text = svg_text(map_image(g, "svg", as_of=AS_OF))
    for name in drawn(g):
        assert name in text, name
    assert "Gil Gone" not in text  # left the customer: not drawn, as on the page
    assert "Chief Financia…" in text  # the title under the name, cut as the page cuts it (shorter: an executive)
    for entry in ("Our team", "our team (band at the top)", "champion", "reports to (arrow to the manager)"):
        assert entry in text
    assert f"as of {AS_OF}" in text


def test_executives_are_drawn_larger_than_others():
    g = toy_account()
    root = ET.fromstring(map_image(g, "svg", as_of=AS_OF))
    sizes = {}
    for t in root.iter(f"{SVG_NS}text"):
        style = t.get("style", "")
        size = next((float(p.split(":")[1].strip().removesuffix("px")) for p in style.split(";")
                     if p.strip().startswith("font-size")), None)
        sizes["".join(t.itertext()).removeprefix("⚠ ")] = (size, style)
    assert sizes["Cora CEO"][0] > sizes["Bo Buyer"][0]
    assert "font-weight: 700" in sizes["Cora CEO"][1] and "font-weight" not in sizes["Bo Buyer"][1]


def test_redaction_leaves_no_customer_name_in_the_picture():
    g = toy_account()
    svg = map_image(g, "svg", as_of=AS_OF, redact=True)
    text = svg_text(svg)
    for _, d in g.nodes(data=True):
        if d["side"] == "customer":
            assert d["name"].encode() not in svg, d["name"]
    assert "Kim KAM" in text and "names redacted" in text
    everyone = map_image(g, "svg", as_of=AS_OF, redact_all=True)
    assert not any(name.encode() in everyone for name in drawn(g))


def test_user_text_is_text_not_markup():
    g = toy_account()
    g.nodes["buyer"]["name"] = "<script>A&B"
    svg = map_image(g, "svg", as_of=AS_OF, title="Acme & <b>Co</b>")
    assert b"<script>" not in svg and b"<b>" not in svg
    text = svg_text(svg)  # parses: the & and < are escaped
    assert "<script>A&B" in text and "Acme & <b>Co</b>" in text


def test_png_and_pdf_are_what_their_headers_say_and_16_by_9():
    import struct

    g = toy_account()
    png = map_image(g, "png", as_of=AS_OF)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    assert abs(width / height - 16 / 9) < 0.01
    pdf = map_image(g, "pdf", as_of=AS_OF)
    assert pdf[:5] == b"%PDF-" and pdf.rstrip().endswith(b"%%EOF")


def test_a_suffix_that_is_no_picture_is_refused(tmp_path):
    with pytest.raises(KamgraphError, match=r"\.svg, \.png or \.pdf"):
        write_map_image(toy_account(), tmp_path / "map.jpeg", as_of=AS_OF)
    assert not (tmp_path / "map.jpeg").exists()


@pytest.mark.parametrize("suffix", [".svg", ".PNG", ".pdf"])
def test_the_cli_writes_the_picture_the_suffix_names(home, tmp_path, suffix):  # noqa: F811
    out = tmp_path / f"nwr{suffix}"
    result = run(home, "map", "ACC-NWR", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert result.output.strip() == f"Wrote {out}"
    magic = {".svg": b"<?xml", ".png": b"\x89PNG", ".pdf": b"%PDF-"}[suffix.lower()]
    assert out.read_bytes().startswith(magic)
    assert not list(tmp_path.glob("*.part"))


def test_the_cli_redacts_the_picture(home, tmp_path):  # noqa: F811
    from kamgraph.snapshot import load_snapshot
    from kamgraph.store import open_store

    with open_store(home) as store:
        g = load_snapshot(store, "ACC-NWR")
    out = tmp_path / "nwr.svg"
    assert run(home, "map", "ACC-NWR", "--redact", "-o", str(out)).exit_code == 0
    svg = out.read_bytes()
    ET.fromstring(svg)
    customers = [d["name"] for _, d in g.nodes(data=True) if d.get("side") == "customer" and d.get("name")]
    assert customers and not any(name.encode() in svg for name in customers)


def test_the_cli_refuses_an_unknown_suffix_before_anything_is_written(home, tmp_path):  # noqa: F811
    out = tmp_path / "nwr.jpg"
    result = CliRunner().invoke(cli, ["--store", str(home), "map", "ACC-NWR", "-o", str(out)])
    assert result.exit_code == 2
    assert "ends in .jpg: use .html (interactive page), .svg, .png or .pdf" in result.output
    assert "Traceback" not in result.output and not out.exists()


def test_a_picture_that_cannot_be_written_is_one_clear_error_and_no_partial_file(tmp_path):
    (tmp_path / "afile").write_text("x")
    target = tmp_path / "afile" / "map.png"
    with pytest.raises(KamgraphError, match=f"cannot write {target}"):
        write_map_image(toy_account(), target, as_of=AS_OF)
    assert not list(tmp_path.rglob("*.part"))
