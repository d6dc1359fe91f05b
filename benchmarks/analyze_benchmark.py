"""``analyze`` end to end from the embedded store, at three account sizes, beside networkx's bare PageRank.

The store holds a portfolio of 300 accounts; one of them is the account
analysed, at three sizes up to 5,000 customer contacts, 30 team members and
200,000 interactions. For each size the table shows loading the snapshot from
the store, the whole analysis (:func:`kamgraph.analysis.analyze_account`), and,
as the baseline, ``networkx.pagerank`` alone on the same snapshot graph. Each
figure is the median of ``--repeat`` runs (timings on a shared machine vary).

Run on demand (not part of the test suite)::

    python benchmarks/analyze_benchmark.py
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import math
import random
import statistics
import tempfile
import time

import networkx as nx

from kamgraph.analysis import analyze_account
from kamgraph.importer import import_dataset
from kamgraph.model import (
    Account,
    BuyingRole,
    Dataset,
    Interaction,
    Link,
    Person,
    TeamMember,
)
from kamgraph.snapshot import load_snapshot
from kamgraph.store import open_store

AS_OF = dt.date(2026, 11, 1)
LEVELS = ["executive", "director", "manager", "staff"]
ROLES = ["economic_buyer", "decision_maker", "approver", "technical_buyer", "evaluator", "influencer", "user"]


def account(data: Dataset, rng: random.Random, key: str, contacts: int, team: int, interactions: int) -> None:
    data.accounts.append(Account(key, f"Account {key}"))
    people = []
    for i in range(contacts):
        level = LEVELS[min(3, int(math.log10(i + 1)))] if i else "executive"
        people.append(Person(f"{key}-C{i}", f"Contact {i}", "customer", key, department=f"Dept {i % 20}", level=level,
                             attitude=rng.choice(["neutral", "supporter", "skeptic", "champion", "blocker"])))
        if i:
            data.links.append(Link("reports_to", f"{key}-C{i}", f"{key}-C{rng.randrange(max(1, i // 3), i) if i > 3 else 0}"))
    data.people += people
    for i in rng.sample(range(contacts), min(contacts, 40)):
        data.roles.append(BuyingRole(f"{key}-C{i}", key, rng.choice(ROLES)))
    for _ in range(contacts // 10):
        a, b = rng.sample(range(contacts), 2)
        data.links.append(Link("influences", f"{key}-C{a}", f"{key}-C{b}", weight=round(rng.random(), 2)))
    ours = [f"{key}-T{j}" for j in range(team)]
    data.people += [Person(t, f"Member {t}", "supplier", active=rng.random() > 0.1) for t in ours]
    data.team += [TeamMember(key, t, "KAE") for t in ours]
    for n in range(interactions):
        who = (rng.choice(ours), *(f"{key}-C{rng.randrange(contacts)}" for _ in range(rng.randint(1, 3))))
        data.interactions.append(Interaction(f"{key}-I{n}", rng.choice(["meeting", "call", "email", "task"]),
                                             (AS_OF - dt.timedelta(days=rng.randrange(730))).isoformat(), key, who))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=300, help="accounts in the portfolio (default 300)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per size; the table shows the median (default 3)")
    args = parser.parse_args()
    rng = random.Random(11)
    sizes = [(500, 30, 20_000), (1_500, 30, 60_000), (5_000, 30, 200_000)]
    data = Dataset()
    for i, (contacts, team, interactions) in enumerate(sizes):
        account(data, rng, f"BIG{i}", contacts, team, interactions)
    for a in range(args.accounts - len(sizes)):
        account(data, rng, f"S{a}", 20, 3, 40)
    print(f"Portfolio: {len(data.accounts)} accounts, {len(data.people):,} people, {len(data.interactions):,} interactions")
    with tempfile.TemporaryDirectory() as tmp:
        with open_store(tmp) as store:
            start = time.perf_counter()
            import_dataset(store, data)
            print(f"(imported in {time.perf_counter() - start:.1f} s)\n")
        del data
        start = time.perf_counter()
        with open_store(tmp) as store:  # reopened: the import's background rewrite of the store file is done
            opened = time.perf_counter() - start
            print(f"{'contacts':>8} {'team':>5} {'interactions':>12} {'load s':>7} {'analyze s':>9} {'total s':>8} "
                  f"{'pagerank s':>10} {'total ÷ pagerank':>16}")
            for i, (contacts, team, interactions) in enumerate(sizes):
                runs = [_run(store, f"BIG{i}") for _ in range(args.repeat)]
                load_s, analyze_s, pagerank = (statistics.median(r[k] for r in runs) for k in range(3))
                print(f"{contacts:8,} {team:5} {interactions:12,} {load_s:7.2f} {analyze_s:9.2f} "
                      f"{load_s + analyze_s:8.2f} {pagerank:10.3f} {(load_s + analyze_s) / pagerank:16.0f}")
        print(f"\nNot in the table: opening the embedded store of the whole portfolio (starting its server, "
              f"which reads the store file) took {opened:.2f} s; a command pays that once.")


def _run(store, account: str) -> tuple[float, float, float]:
    """Seconds to load the account, to analyse it, and for networkx's PageRank on the same graph."""
    gc.collect()
    start = time.perf_counter()
    graph = load_snapshot(store, account)
    loaded = time.perf_counter()
    analyze_account(graph, as_of=AS_OF)
    analysed = time.perf_counter()
    nx.pagerank(graph)
    return loaded - start, analysed - loaded, time.perf_counter() - analysed


if __name__ == "__main__":
    main()
