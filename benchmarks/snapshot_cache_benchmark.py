"""What the snapshot cache saves: ``load_snapshot`` of one account built from the store, kept, and read back.

Three ways to load, each in a process of its own (so its peak memory is its own), interleaved
round after round so that a busy machine weighs on all three alike:

- ``no cache``: ``KAMGRAPH_SNAPSHOT_CACHE=0``, the snapshot built from the store's records;
- ``miss + keep``: the cache directory emptied first, as after a write: built, then kept;
- ``hit``: read back from the file the previous run kept.

The table shows the median time of ``load_snapshot`` in the process (min–max), its peak resident
memory (the process's, interpreter and libraries included), and the cache file's size. The stores
are those of ``latency_benchmark.py`` (build them with it first); the store's server is kept up
between runs (``KAMGRAPH_SERVER_IDLE``) and stopped at the end. Run on demand::

    python benchmarks/snapshot_cache_benchmark.py --store /tmp/kamgraph-latency/portfolio --account BIG2
    python benchmarks/snapshot_cache_benchmark.py --store /tmp/kamgraph-latency/large --account HUGE
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

CHILD = r"""
import json, resource, sys, time
from kamgraph.snapshot import load_snapshot
from kamgraph.store import open_store
store = open_store(sys.argv[1], idle=120)
start = time.perf_counter()
graph = load_snapshot(store, sys.argv[2])
took = time.perf_counter() - start
store.close()
print(json.dumps({"seconds": took, "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "people": graph.number_of_nodes(), "interactions": len(graph.graph["interactions"])}))
"""

MODES = ("no cache", "miss + keep", "hit")
KAMGRAPH = [str(Path(sys.executable).with_name("kamgraph"))]  # the installed command


def run(store: Path, account: str, mode: str) -> dict:
    env = {**os.environ, "KAMGRAPH_SERVER_IDLE": "120"}
    if mode == "no cache":
        env["KAMGRAPH_SNAPSHOT_CACHE"] = "0"
    elif mode == "miss + keep":
        shutil.rmtree(store / "cache", ignore_errors=True)
    out = subprocess.run([sys.executable, "-c", CHILD, str(store), account], env=env, check=True,
                         capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, required=True, help="an embedded store's directory")
    parser.add_argument("--account", required=True, help="the account to load")
    parser.add_argument("--repeat", type=int, default=5, help="rounds (default 5); the median is shown")
    args = parser.parse_args()
    if not (args.store / "kamgraph.db").exists():
        sys.exit(f"{args.store} holds no embedded store (build it with latency_benchmark.py)")
    subprocess.run([*KAMGRAPH, "--store", str(args.store), "init"], check=True,
                   capture_output=True, env={**os.environ, "KAMGRAPH_SERVER_IDLE": "120"})  # a store token
    try:
        run(args.store, args.account, "no cache")  # warm-up: the server up, the files in the page cache
        results: dict[str, list[dict]] = {mode: [] for mode in MODES}
        for _ in range(args.repeat):
            for mode in MODES:
                results[mode].append(run(args.store, args.account, mode))
        first = results["hit"][0]
        size = sum(p.stat().st_size for p in (args.store / "cache").glob("*.snapshot"))
        print(f"\nload_snapshot({args.account}): {first['people']:,} people, {first['interactions']:,} interactions; "
              f"cache file {size / 1e6:.1f} MB; median of {args.repeat} (min-max)\n")
        print(f"{'':<14}{'seconds':>22}{'peak MB':>12}")
        for mode in MODES:
            seconds = [r["seconds"] for r in results[mode]]
            peak = statistics.median(r["peak_mb"] for r in results[mode])
            print(f"{mode:<14}{statistics.median(seconds):>9.3f} ({min(seconds):.3f}-{max(seconds):.3f}){peak:>12.0f}")
    finally:
        subprocess.run([*KAMGRAPH, "--store", str(args.store), "store", "stop"],
                       capture_output=True)


if __name__ == "__main__":
    main()
