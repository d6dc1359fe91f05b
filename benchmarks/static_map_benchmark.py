"""The still map (SVG) and the review pack that embeds it: seconds to draw, by size of account.

For the demo account (111 people) and generated accounts of 150, 2,000 and 5,000 people: the seconds
``map_data`` takes (the layout and analyses the page and the picture share), the seconds of the drawing
alone from that data (``print_svg``: what the review pack adds to embed the picture), of the whole
``map_image(..., "svg")`` and its size, and of the whole review pack (HTML, page and picture inside). Median of ``--runs`` runs in one process; run on demand::

    python benchmarks/static_map_benchmark.py
    python benchmarks/static_map_benchmark.py --people 111 2000 --runs 1
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import time
from pathlib import Path

from kamgraph.model import Dataset
from kamgraph.snapshot import snapshot_from_dataset

sys.path.insert(0, str(Path(__file__).resolve().parent))
from analyze_benchmark import AS_OF, account  # noqa: E402


def graphs(size: int):
    """(graph, as-of day) of an account of about ``size`` people: 111 is the demo account."""
    if size == 111:
        from kamgraph.sample import sample_portfolio

        day = dt.date(2026, 11, 2)
        return snapshot_from_dataset(sample_portfolio(day), "ACC-NWR"), day
    data = Dataset()
    account(data, random.Random(5), "BIG", size - size // 50, size // 50, size * 4)
    return snapshot_from_dataset(data, "BIG"), AS_OF


def timed(fn, runs: int) -> tuple[float, object]:
    times, out = [], None
    for _ in range(runs):
        start = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, nargs="+", default=[111, 150, 2000, 5000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-review", action="store_true", help="time the SVG only")
    args = parser.parse_args()
    from kamgraph.analysis import analyze_account
    from kamgraph.analysis.actions import recommend_actions
    from kamgraph.render.relationship_map import map_data
    from kamgraph.render.review import review_html
    from kamgraph.render.static_map import map_image, print_svg

    map_image(graphs(111)[0], "svg")  # matplotlib's first import and font cache, outside the timings
    rows = []
    for size in args.people:
        graph, as_of = graphs(size)
        data_s, data = timed(lambda g=graph, a=as_of: map_data([g], as_of=a), args.runs)
        draw_s, _ = timed(lambda d=data, a=as_of: print_svg(d, as_of=a), args.runs)
        svg_s, svg = timed(lambda g=graph, a=as_of: map_image(g, "svg", as_of=a), args.runs)
        review_s = None
        if not args.no_review:
            analysis = analyze_account(graph, as_of=as_of)
            pack = {"graph": graph, "analysis": analysis, "changes": None, "as_of": as_of,
                    "actions": recommend_actions(graph, analysis, as_of=as_of)}
            review_s, _ = timed(lambda p=pack: review_html(p), args.runs)
        rows.append((size, graph.number_of_nodes(), data_s, draw_s, svg_s, len(svg) / 1e6, review_s))
    print(f"{'people':>7} {'nodes':>6} {'map_data (s)':>12} {'drawing (s)':>11} {'svg (s)':>8} {'svg (MB)':>8} "
          f"{'review html (s)':>15}")
    for size, nodes, data_s, draw_s, svg_s, mb, review_s in rows:
        print(f"{size:>7,} {nodes:>6,} {data_s:>12.2f} {draw_s:>11.2f} {svg_s:>8.2f} {mb:>8.2f} "
              f"{'' if review_s is None else f'{review_s:.2f}':>15}")
    print("drawing = the SVG from map data at hand (what the review adds); svg = map_image, map data included")
    print(f"\n(run on {dt.date.today().isoformat()}, median of {args.runs})")


if __name__ == "__main__":
    main()
