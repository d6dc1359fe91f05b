"""The org chart's row wrapping: the width is chosen from level sizes alone, as the rows would come out."""

from __future__ import annotations

import random

from kamgraph.render.map_layout import _pack, _shape


def test_the_shape_of_the_rows_is_what_packing_them_makes_for_every_width():
    rng = random.Random(13)
    for _ in range(120):
        # a mix of deep chains of one or two managers and wide levels, as real charts have
        sizes = [rng.choice([1, 1, 2, 3, rng.randint(1, 60), rng.randint(50, 200)]) for _ in range(rng.randint(1, 9))]
        levels = [[f"p{i}-{j}" for j in range(size)] for i, size in enumerate(sizes)]
        for columns in range(1, max(sizes) + 2):
            rows = _pack(levels, columns)
            expected = (len(rows), sum(new for _, new in rows), max(len(r) for r, _ in rows))
            assert _shape(sizes, columns) == expected, (sizes, columns)


def test_the_levels_worked_out_once_for_both_shapes_give_the_charts_each_would_alone():
    import networkx as nx
    from test_map import generated_org

    from kamgraph.render.map_layout import LANDSCAPE, PORTRAIT, positions

    org = generated_org()
    other = nx.MultiDiGraph(account={"id": "B", "name": "Beta"})
    other.add_node("b1", side="customer", name="Boss", account="B")
    other.add_node("b2", side="customer", name="Report", account="B")
    other.add_edge("b2", "b1", key="REPORTS_TO")
    other.add_node("kb", side="supplier", name="Kim", teams={"B": "KAE"})
    for graph in (org, nx.compose(org, other)):  # one account, and two laid out side by side
        people = [n for n, d in graph.nodes(data=True) if d.get("side") in ("customer", "supplier")]
        plans: dict = {}
        for target in (LANDSCAPE, PORTRAIT):
            shared_bands, alone_bands = [], []
            shared = positions(graph, people, bands=shared_bands, target=target, plans=plans)
            alone = positions(graph, people, bands=alone_bands, target=target)
            assert shared == alone and shared_bands == alone_bands
        assert len(plans) == len({d.get("account") for n, d in graph.nodes(data=True) if d.get("side") == "customer"})
    theirs = [n for n, d in org.nodes(data=True) if d.get("side") in ("customer", "supplier")]
    assert positions(org, theirs, target=LANDSCAPE) != positions(org, theirs, target=PORTRAIT)  # the shapes differ
