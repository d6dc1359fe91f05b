"""Relationship maps in headless Chromium: time to write, file size and time from page load to a settled drawing.

For portfolios of 150, 2,000 and 5,000 people (``--people``), kamgraph's map
(positions computed in Python, physics off, data stored as columns) beside
pyvis's defaults on the same people and edges (physics on, vis-network
settles the layout in the browser) as the baseline, and the size of the
review pack of one account that large. "Settled" is the map's first fitted
drawing for kamgraph; for the baseline it is the end of vis-network's
stabilization run (``stabilizationIterationsDone``, when pyvis's loading bar
gives way to the drawing), which is generous to it: the nodes keep drifting
after that. The baseline is only run up to ``--baseline-up-to`` people (it
takes minutes beyond). Pages are loaded offline with every network request
blocked. The page's own step timings (``kamgraphMap.timings``) follow, with
the lines vis-network was built with beside all the lines the page can draw
(the others join it on "all relationships" or a click).

Run on demand (not part of the test suite); needs Chromium (Debian's
``chromium``) and Playwright::

    python benchmarks/map_benchmark.py                    # 150, 2,000 and 5,000 people, 3 runs each
    python benchmarks/map_benchmark.py --people 500 --runs 1
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

from pyvis.network import Network

from kamgraph.model import Dataset
from kamgraph.render import write_map
from kamgraph.snapshot import snapshot_from_dataset

sys.path.insert(0, str(Path(__file__).resolve().parent))
from analyze_benchmark import AS_OF, account  # noqa: E402

BASELINE_TIMEOUT_S = 900
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def portfolio(people: int) -> list:
    rng = random.Random(5)
    data = Dataset()
    accounts = max(1, people // 100)
    for a in range(accounts):
        account(data, rng, f"P{a}", 95, 5, 400)
    return [snapshot_from_dataset(data, f"P{a}") for a in range(accounts)]


def pyvis_default(snapshots, path: Path) -> None:
    """The same people and ties drawn the way pyvis draws them out of the box."""
    net = Network(directed=True, cdn_resources="in_line")
    for graph in snapshots:
        for n, d in graph.nodes(data=True):
            net.add_node(n, label=d.get("name") or n, title=d.get("title") or "")
    for graph in snapshots:
        for u, v, key in graph.edges(keys=True):
            net.add_edge(u, v, title=key)
    path.write_text(net.generate_html(), encoding="utf-8")


def review_size(people: int) -> tuple[int, int]:
    """Bytes of the review pack (HTML) of one account of ``people`` people, and of that account's own map."""
    from kamgraph.analysis import analyze_account, relationship_strengths
    from kamgraph.analysis.actions import recommend_actions
    from kamgraph.render.relationship_map import map_html
    from kamgraph.render.review import review_html

    data = Dataset()
    account(data, random.Random(5), "BIG", people - people // 50, people // 50, people * 4)
    graph = snapshot_from_dataset(data, "BIG")
    analysis = analyze_account(graph, as_of=AS_OF)
    strengths = relationship_strengths(graph, as_of=AS_OF)  # as kamgraph.reports.review shares them
    pack = {"graph": graph, "analysis": analysis, "strengths": strengths, "changes": None, "as_of": AS_OF,
            "actions": recommend_actions(graph, analysis, as_of=AS_OF, strengths=strengths)}
    own_map = map_html(graph, as_of=AS_OF, analyses=[analysis], strengths=strengths)
    return len(review_html(pack).encode("utf-8")), len(own_map.encode("utf-8"))


def time_to_settled(page, path: Path, condition: str, stamp: str) -> float:
    page.goto(path.as_uri())
    page.wait_for_function(condition, timeout=BASELINE_TIMEOUT_S * 1000, polling="raf")
    return page.evaluate(stamp) / 1000


PHASES = ("script", "data", "prepared", "network", "filters", "first_drawing", "ready")
PHASE_NAMES = {"script": "HTML and vis-network parsed", "data": "data unpacked", "prepared": "DataSets built",
               "network": "vis.Network built", "filters": "filters applied", "first_drawing": "first drawing",
               "ready": "fitted drawing (settled)"}


def measure(browser, path: Path, condition: str, stamp: str, runs: int, phases: list | None = None) -> float:
    """Median seconds to a settled drawing; ``phases`` receives the page's own timings of each run (kamgraph's)."""
    times = []
    for _ in range(runs):
        page = browser.new_page(viewport={"width": 1440, "height": 900})
        page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
        try:
            times.append(time_to_settled(page, path, condition, stamp))
            if phases is not None:  # with the lines vis-network was built with, of all the page can draw
                phases.append({**page.evaluate("kamgraphMap.timings"),
                               "lines": page.evaluate("[kamgraphMap.edges.length, kamgraphMap.lines.length]")})
        except Exception as exc:  # the baseline may never settle within the limit
            print(f"  {path.name}: did not settle within {BASELINE_TIMEOUT_S} s ({type(exc).__name__})")
            times.append(float("inf"))
        page.close()
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, nargs="+", default=[150, 2000, 5000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--baseline-up-to", type=int, default=2000)
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    rows, steps = [], []
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=args.chromium, args=CHROMIUM_ARGS)
        for size in args.people:
            snapshots = portfolio(size)
            people = sum(g.number_of_nodes() for g in snapshots)
            ours, base = Path(tmp) / f"kamgraph-{size}.html", Path(tmp) / f"pyvis-{size}.html"
            write_map(snapshots, ours, as_of=AS_OF)  # the first write also imports the map's libraries: not counted
            builds = []
            for _ in range(args.runs):
                start = time.perf_counter()
                write_map(snapshots, ours, as_of=AS_OF)
                builds.append(time.perf_counter() - start)
            build = statistics.median(builds)
            phases: list[dict] = []
            settled = measure(browser, ours, "window.kamgraphMap && window.kamgraphMap.ready", "kamgraphMap.readyAt",
                              args.runs, phases)
            steps.append((size, {**{k: statistics.median(p[k] for p in phases) / 1000 for k in PHASES},
                                 "lines": phases[0]["lines"]}))
            baseline = base_mb = None
            if size <= args.baseline_up_to:
                pyvis_default(snapshots, base)
                base_mb = base.stat().st_size / 1e6
                baseline = measure(browser, base, "typeof network !== 'undefined' && network.physics && "
                                   "network.physics.ready === true", "performance.now()", args.runs)
            rows.append((size, len(snapshots), people, build, ours.stat().st_size / 1e6, settled,
                         *(n / 1e6 for n in review_size(size)), base_mb, baseline))
        browser.close()
    print(f"{'people':>7} {'accounts':>8} {'nodes':>6} {'built (s)':>9} {'map (MB)':>8} {'settled (s)':>11} "
          f"{'review of one account (MB)':>26} {'its map (MB)':>12} {'pyvis (MB)':>10} {'pyvis settled (s)':>17}")
    for size, accounts, people, build, mb, settled, review_mb, own_mb, base_mb, baseline in rows:
        print(f"{size:>7,} {accounts:>8} {people:>6,} {build:>9.1f} {mb:>8.2f} {settled:>11.2f} {review_mb:>26.2f} "
              f"{own_mb:>12.2f} "
              f"{'' if base_mb is None else f'{base_mb:.2f}':>10} {'' if baseline is None else f'{baseline:.2f}':>17}")
    print("\nWhere kamgraph's page spends the time (median seconds from the page's start to the end of each step):")
    print(f"{'step':<28}" + "".join(f"{size:>14,}" for size, _ in steps))
    for key in PHASES:
        print(f"{PHASE_NAMES[key]:<28}" + "".join(f"{t[key]:>14.2f}" for _, t in steps))
    print(f"{'lines built / drawable':<28}" + "".join(f"{'{:,}/{:,}'.format(*t['lines']):>14}" for _, t in steps))
    print(f"\n(run on {dt.date.today().isoformat()}, {args.runs} run(s) each; built = median seconds to analyse, lay "
          "out and write the page in this process, its libraries already loaded; settled = median seconds from load)")


if __name__ == "__main__":
    main()
