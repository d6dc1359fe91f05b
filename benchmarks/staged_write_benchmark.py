"""What all-or-nothing costs a small import into a store that already holds a lot.

A write of several statements is staged in a copy of the graph and renamed into
place (``kamgraph.store.falkor``), so its cost grows with what the store holds.
This fills an embedded store with a generated portfolio (as
``import_benchmark.py`` does), then times a small import (one account, 100
people, 200 interactions) written:

- **staged**: as kamgraph writes it (copy, one MULTI/EXEC on the copy, rename);
- **baseline**: the same statements in one MULTI/EXEC straight on the graph, as
  kamgraph wrote them before (not all-or-nothing: a failing statement left the
  ones before it applied).

Run on demand (not part of the test suite)::

    python benchmarks/staged_write_benchmark.py              # a store of 10,000 people (about 150,000 rows)
    python benchmarks/staged_write_benchmark.py --scale 1    # 100,000 people (about 1,450,000 rows)
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from import_benchmark import generate  # noqa: E402

from kamgraph.model import Account, Dataset, Interaction, Person  # noqa: E402
from kamgraph.store import open_store  # noqa: E402
from kamgraph.store.base import GRAPH_NAME, batches, write_plan  # noqa: E402


def small_import(round_: int) -> Dataset:
    account = f"NEW{round_}"
    people = [Person(f"{account}-c{i}", f"Person {i}", "customer", account=account) for i in range(100)]
    ours = [Person(f"{account}-s{i}", f"Ours {i}", "supplier") for i in range(2)]
    interactions = [Interaction(f"{account}-i{n}", "call", "2026-11-01", account,
                                (ours[n % 2].id, people[n % 100].id)) for n in range(200)]
    return Dataset(accounts=[Account(account, account)], people=people + ours, interactions=interactions)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=0.1, help="size of the store, as in import_benchmark.py")
    parser.add_argument("--repeat", type=int, default=5, help="small imports of each kind (default 5)")
    args = parser.parse_args()
    people, links, interactions = (int(n * args.scale) for n in (100_000, 500_000, 250_000))
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(Path(tmp) / "store")
        store.write(generate(people, links, interactions))
        held = sum(len(part) for part in store.dump())
        times: dict[str, list[float]] = {"staged": [], "baseline": []}
        for round_ in range(args.repeat):
            for name in times:  # in turn
                data = small_import(2 * round_ + (name == "baseline"))
                work = [(store._statements[step.statement], {"rows": rows}) for step, rows in batches(write_plan(data))]
                start = time.perf_counter()
                if name == "staged":
                    store._write(work, lambda i: None)
                else:
                    store._run(GRAPH_NAME, work)
                times[name].append(time.perf_counter() - start)
        store.close()
    print(f"A store holding {held:,} nodes and relationships; a small import of {len(work)} statements, "
          f"median of {args.repeat}:\n")
    print(f"{'write':10} {'seconds':>9} {'× baseline':>11}")
    base = statistics.median(times["baseline"])
    for name, values in times.items():
        print(f"{name:10} {statistics.median(values):9.3f} {statistics.median(values) / base:11.1f}")


if __name__ == "__main__":
    main()
