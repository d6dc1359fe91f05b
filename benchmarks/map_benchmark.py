"""A 2,000-person portfolio map in headless Chromium: time from page load to a settled, interactive drawing.

kamgraph's map (positions computed in Python, physics off) beside pyvis's
defaults on the same people and edges (physics on, vis-network settles the
layout in the browser) as the baseline. "Settled" is vis-network's first
drawing for kamgraph's map; for the baseline it is the end of vis-network's
stabilization run (``stabilizationIterationsDone``, when pyvis's loading bar
gives way to the drawing), which is generous to it: the nodes keep drifting
after that. Both pages are loaded offline with every network request blocked.

Run on demand (not part of the test suite); needs Chromium (Debian's
``chromium``) and Playwright::

    python benchmarks/map_benchmark.py            # 2,000 people, 3 runs each
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


def time_to_settled(page, path: Path, condition: str, stamp: str) -> float:
    page.goto(path.as_uri())
    page.wait_for_function(condition, timeout=BASELINE_TIMEOUT_S * 1000, polling="raf")
    return page.evaluate(stamp) / 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    snapshots = portfolio(args.people)
    people = sum(g.number_of_nodes() for g in snapshots)
    edges = sum(g.number_of_edges() for g in snapshots)
    with tempfile.TemporaryDirectory() as tmp:
        ours, base = Path(tmp) / "kamgraph.html", Path(tmp) / "pyvis.html"
        start = time.perf_counter()
        write_map(snapshots, ours, as_of=AS_OF)
        build = time.perf_counter() - start
        pyvis_default(snapshots, base)
        print(f"Portfolio map: {len(snapshots)} accounts, {people:,} people, {edges:,} edges in the snapshots; "
              f"kamgraph's page built in {build:.1f} s ({ours.stat().st_size / 1e6:.1f} MB)")
        results = {}
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=args.chromium, args=CHROMIUM_ARGS)
            for name, path, condition, stamp in [
                ("kamgraph (positions from Python, physics off)", ours,
                 "window.kamgraphMap && window.kamgraphMap.ready", "kamgraphMap.readyAt"),
                ("baseline: pyvis defaults (physics on)", base,
                 "typeof network !== 'undefined' && network.physics && network.physics.ready === true",
                 "performance.now()"),
            ]:
                times = []
                for _ in range(args.runs):
                    page = browser.new_page(viewport={"width": 1400, "height": 900})
                    page.route("**/*", lambda r: r.continue_() if r.request.url.startswith("file:") else r.abort())
                    try:
                        times.append(time_to_settled(page, path, condition, stamp))
                    except Exception as exc:  # the baseline may never settle within the limit
                        print(f"  {name}: did not settle within {BASELINE_TIMEOUT_S} s ({type(exc).__name__})")
                        times.append(float("inf"))
                    page.close()
                results[name] = statistics.median(times)
            browser.close()
    base_s = results["baseline: pyvis defaults (physics on)"]
    print(f"\n{'map':48} {'settled after (s, median)':>26} {'× faster than baseline':>23}")
    for name, seconds in results.items():
        print(f"{name:48} {seconds:26.2f} {base_s / seconds:23.1f}")
    print(f"\n(run on {dt.date.today().isoformat()}, {args.runs} run(s) each)")


if __name__ == "__main__":
    main()
