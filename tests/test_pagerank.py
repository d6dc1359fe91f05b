"""kamgraph's PageRank (numpy alone) gives networkx's figures, so decision power does not change with it."""

from __future__ import annotations

import networkx as nx
from hypothesis import given, settings
from hypothesis import strategies as st

from kamgraph.analysis.power import pagerank


@st.composite
def weighted_digraphs(draw):
    n = draw(st.integers(1, 40))
    edges = draw(st.dictionaries(st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)),
                                 st.sampled_from([0.5, 1.0, 1.5, 0.3, 2.0, 0.7]), max_size=120))
    return n, edges


@settings(max_examples=300, deadline=None)
@given(weighted_digraphs())
def test_pagerank_is_networkx_pagerank(graph):
    n, edges = graph
    g = nx.DiGraph()
    g.add_nodes_from(range(n))  # the people in their order, as the analysis adds them; some with no lines
    g.add_weighted_edges_from((u, v, w) for (u, v), w in edges.items())
    expected = nx.pagerank(g, weight="weight")
    got = pagerank(n, edges)
    assert all(abs(float(got[i]) - expected[i]) <= 1e-12 * expected[i] for i in range(n))
