"""Introduction paths for many targets in one pass give the answers the search per target gave.

The reference below is the implementation the one-pass search replaced: the
tie graph built pair by pair, then networkx's k shortest simple paths (Yen's
algorithm) from a virtual source joined to the whole team, once per target.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math

import networkx as nx
from hypothesis import given, settings
from hypothesis import strategies as st

from kamgraph.activity import interaction_log
from kamgraph.analysis.actions import recommend_actions
from kamgraph.analysis.paths import IntroductionPaths, warm_paths
from kamgraph.analysis.strength import relationship_strengths

AS_OF = "2026-06-30"
SOURCE = ("__our team__",)


def reference_ties(graph, as_of):
    present = {n for n in graph if graph.nodes[n].get("active", True) is not False}
    customers = {n for n in present if graph.nodes[n].get("side") == "customer"}
    best = {}

    def tie(u, v, strength, via):
        if strength > best.get((u, v), (0.0, ""))[0]:
            best[u, v] = (strength, via)

    for rel in relationship_strengths(graph, as_of=as_of).values():
        if rel.active and rel.strength > 0:
            tie(rel.member, rel.contact, rel.strength, "relationship")
    conflicts = {frozenset((u, v)) for u, v, k in graph.edges(keys=True) if k == "IN_CONFLICT_WITH"}
    for u, v, k, d in graph.edges(keys=True, data=True):
        if u in customers and v in customers and frozenset((u, v)) not in conflicts:
            if k == "REPORTS_TO":
                tie(u, v, 0.7, "reports to"), tie(v, u, 0.7, "manages")
            elif k == "INFLUENCES":
                strength = max(float(d.get("weight") or 0), 0.3)
                tie(u, v, strength, "influences"), tie(v, u, strength, "is influenced by")
    for interaction in interaction_log(graph):
        people = [p for p in interaction.get("participants", []) if p in customers]
        if len(interaction.get("participants", [])) > 8 or (interaction.get("date") or "") > as_of:
            continue
        for u, v in itertools.permutations(people, 2):
            if frozenset((u, v)) not in conflicts:
                tie(u, v, 0.4, "met with")
    ties = nx.DiGraph()
    ties.add_edges_from((u, v, {"strength": s, "via": via}) for (u, v), (s, via) in best.items())
    return ties


def reference_paths(graph, target, as_of):
    """(strength, people) of each path, strongest first, as the search per target found them (a generator)."""
    ties = reference_ties(graph, as_of)
    members = [n for n in ties if graph.nodes[n].get("side") == "supplier"]
    if target not in ties or not members:
        return
    for m in members:
        ties.add_edge(SOURCE, m, strength=1.0, via="")
    cost = lambda u, v, d: max(0.0, -math.log(min(d["strength"], 1.0))) + 1e-9  # noqa: E731
    try:
        for p in nx.shortest_simple_paths(ties, SOURCE, target, weight=cost):
            yield (round(math.prod(round(ties.edges[u, v]["strength"], 4) for u, v in itertools.pairwise(p[1:])), 4),
                   p[1:])
    except nx.NetworkXNoPath:
        return


@st.composite
def accounts(draw):
    """Accounts with every kind of tie: reporting lines, influence, conflicts, meetings of several people,
    undated and later interactions, people who left, declared relationships."""
    n_customers, n_ours = draw(st.integers(1, 8)), draw(st.integers(1, 4))
    g = nx.MultiDiGraph(account={"id": "R"}, interactions=[])
    customers = [f"c{i}" for i in range(n_customers)]
    ours = [f"s{j}" for j in range(n_ours)]
    for i, c in enumerate(customers):
        g.add_node(c, side="customer", active=i == 0 or draw(st.integers(0, 5)) > 0)
        if i and draw(st.booleans()):
            g.add_edge(c, customers[draw(st.integers(0, i - 1))], key="REPORTS_TO")
    for s in ours:
        g.add_node(s, side="supplier", active=draw(st.integers(0, 4)) > 0)
    pair = st.tuples(st.sampled_from(customers), st.sampled_from(customers)).filter(lambda p: p[0] != p[1])
    for u, v in draw(st.lists(pair, max_size=6)):
        g.add_edge(u, v, key="INFLUENCES", weight=draw(st.sampled_from([None, 0.1, 0.4, 0.55, 0.9])))
    for u, v in draw(st.lists(pair, max_size=2)):
        g.add_edge(u, v, key="IN_CONFLICT_WITH")
    for s in ours:
        for c in draw(st.lists(st.sampled_from(customers), max_size=3, unique=True)):
            g.add_edge(s, c, key="KNOWS", level=draw(st.sampled_from(["vendor", "credible_source", "trusted_advisor"])))
    everyone = st.sampled_from(customers + ours)
    for n in range(draw(st.integers(0, 12))):
        people = draw(st.lists(everyone, min_size=1, max_size=10, unique=True))
        date = draw(st.one_of(st.none(), st.integers(-30, 500).map(
            lambda d: (dt.date.fromisoformat(AS_OF) - dt.timedelta(days=d)).isoformat())))
        g.graph["interactions"].append({"id": f"i{n}", "date": date, "kind": draw(st.sampled_from(["meeting", "email"])),
                                        "participants": people})
    return g


def _targets(g):
    return [n for n, d in g.nodes(data=True) if d["side"] == "customer" and d.get("active", True)]


def _strength(finder, people):
    return round(math.prod(round(finder.tie(u, v)[0], 4) for u, v in itertools.pairwise(people)), 4)


@settings(max_examples=40, deadline=None)
@given(accounts(), st.integers(1, 5))
def test_the_k_strongest_paths_are_those_the_search_per_target_found(g, k):
    finder = IntroductionPaths(g, as_of=AS_OF)
    for target in _targets(g):
        following = list(itertools.islice(reference_paths(g, target, AS_OF), k + 1))
        expected = following[:k]
        got = finder.paths(target, k)["paths"]
        assert [p["strength"] for p in got] == [s for s, _ in expected]
        if len({s for s, _ in following}) == len(following):  # no two equally strong: the very same paths
            assert [p["people"] for p in got] == [people for _, people in expected]
        for p in got:
            assert p["people"][-1] == target and len(set(p["people"])) == len(p["people"])
            assert p["strength"] == _strength(finder, p["people"])
        assert warm_paths(g, target, k=k, as_of=AS_OF)["paths"] == got


@settings(max_examples=40, deadline=None)
@given(accounts(), st.data())
def test_one_search_for_every_target_finds_each_ones_strongest_path(g, data):
    finder = IntroductionPaths(g, as_of=AS_OF)
    avoid = frozenset(data.draw(st.lists(st.sampled_from([n for n in g if n.startswith("s")]), max_size=2)))
    for target in _targets(g):
        allowed = next(((s, people) for s, people in reference_paths(g, target, AS_OF) if people[0] not in avoid), None)
        best = finder.best(target, avoid)
        if allowed is None:
            assert best is None
        else:
            assert best["strength"] == allowed[0] and best["people"][0] not in avoid
            assert best["people"][-1] == target and best["strength"] == _strength(finder, best["people"])


def test_a_dense_colleague_graph_is_cut_per_person_and_says_so():
    g = nx.MultiDiGraph(account={"id": "D"}, interactions=[])
    g.add_node("s", side="supplier")
    for i in range(12):
        g.add_node(f"c{i}", side="customer")
    g.add_edge("s", "c0", key="KNOWS", level="trusted_advisor")
    # c0 met c1 three times, c2 twice, everyone else once.
    meetings = [["c0", "c1"]] * 3 + [["c0", "c2"]] * 2 + [["c0", f"c{i}"] for i in range(3, 12)]
    g.graph["interactions"] = [{"id": f"i{n}", "date": "2026-01-01", "kind": "meeting", "participants": p}
                               for n, p in enumerate(meetings)]
    finder = IntroductionPaths(g, as_of=AS_OF, colleague_max_ties=2)
    assert [c for c in g if finder.tie("c0", c)] == ["c1", "c2"]  # the two met most often
    assert finder.cut == {"colleague_ties_left_out": 9, "colleague_max_ties": 2}
    assert finder.best("c5") is None  # reached only through a tie that was cut
    full = IntroductionPaths(g, as_of=AS_OF)
    assert full.cut["colleague_ties_left_out"] == 0 and full.best("c5")["people"] == ["s", "c0", "c5"]


def test_the_review_actions_build_the_ties_once_for_all_their_targets(monkeypatch):
    from test_analysis import toy_account

    from kamgraph.analysis import analyze_account, paths

    g = toy_account()
    analysis = analyze_account(g, as_of=AS_OF)
    built = []
    original = paths._Ties.__init__
    monkeypatch.setattr(paths._Ties, "__init__", lambda *a, **kw: built.append(1) or original(*a, **kw))
    actions = recommend_actions(g, analysis, as_of=AS_OF)
    assert sum(1 for a in actions if a["path"]) >= 2
    assert len(built) == 1


@settings(max_examples=20, deadline=None)
@given(accounts())
def test_relationships_the_caller_has_give_the_same_paths(g):
    mine = IntroductionPaths(g, as_of=AS_OF, strengths=relationship_strengths(g, as_of=AS_OF))
    own = IntroductionPaths(g, as_of=AS_OF)
    for target in _targets(g):
        assert mine.paths(target, 3) == own.paths(target, 3) and mine.best(target) == own.best(target)


def test_the_k_paths_to_one_target_load_no_sparse_matrix_library():
    # scipy takes half a second to import; `kamgraph paths` needs only the backward search.
    import subprocess
    import sys

    script = ("import sys\nfrom test_analysis import toy_account\nfrom kamgraph.analysis import warm_paths\n"
              "g = toy_account()\nassert warm_paths(g, 'ceo', as_of='2026-06-30')['paths']\n"
              "print(sorted(m for m in sys.modules if m.split('.')[0] == 'scipy'))")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=__file__.rsplit("/", 1)[0])
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
