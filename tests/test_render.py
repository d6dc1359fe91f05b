"""Terminal tables and the HTML summary page."""

from __future__ import annotations

import networkx as nx

from kamgraph.render import format_table, summary_html, write_summary

EVIL = "<img src=x onerror=alert(1)>"


def _graph(name: str) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph(account={"id": "A1", "name": name, "tier": "<b>Gold</b>"}, interactions=[])
    g.add_node("c1", side="customer", name=EVIL, department=EVIL)
    g.add_node("s1", side="supplier", name=EVIL, title="KAM", teams={"A1": EVIL}, active=True)
    g.add_edge("s1", "c1", key="KNOWS")
    return g


def test_user_text_in_the_summary_page_is_escaped():
    html = summary_html([_graph(EVIL)])
    assert EVIL not in html and "<b>Gold</b>" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html


def test_the_summary_page_is_self_contained():
    html = summary_html([_graph("Acme")])
    assert "<script" not in html and "http://" not in html and "https://" not in html
    assert '<meta charset="utf-8">' in html


def test_write_summary_writes_utf8_whole(tmp_path):
    path = write_summary([_graph("Ærø")], tmp_path / "out" / "index.html")
    assert "Ærø" in path.read_text(encoding="utf-8")
    assert [p.name for p in path.parent.iterdir()] == ["index.html"]


def test_table_aligns_wide_characters_and_flattens_newlines():
    text = format_table([{"a": "山田", "b": "x\ny"}, {"a": "ab", "b": None}], [("a", "A"), ("b", "B")])
    assert text.splitlines() == ["A     B", "----  ---", "山田  x y", "ab"]
