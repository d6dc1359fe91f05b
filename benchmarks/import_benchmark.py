"""Import speed of kamgraph into the embedded store, beside a bare UNWIND … MERGE loader as the baseline.

Both load the same generated portfolio into a fresh FalkorDB of their own:

- **kamgraph**: ``import_dataset`` — the whole import (every rule checked
  against the data and the store, created/updated/unchanged tallied, one
  transaction);
- **baseline**: the least a loader can do — an index on ``id`` per label, then
  ``UNWIND $rows AS r MERGE … SET … += r.props`` in batches of the same size,
  each batch its own query, nothing checked, nothing reported; and the same
  loader with every batch queued in one MULTI/EXEC transaction, as kamgraph
  sends them, which isolates what kamgraph's own work costs.

Run on demand (not part of the test suite)::

    python benchmarks/import_benchmark.py                 # 100,000 people, 1,000,000 relationships and interactions
    python benchmarks/import_benchmark.py --scale 0.1     # a tenth of that
    python benchmarks/import_benchmark.py --repeat 3      # the median of three rounds (timings here vary by ±15%)
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

from kamgraph.importer import import_dataset
from kamgraph.model import Account, Dataset, Interaction, Link, Person, TeamMember
from kamgraph.store import open_store
from kamgraph.store.base import BATCH_SIZE, GRAPH_NAME


def generate(people: int, links: int, interactions: int, seed: int = 7) -> Dataset:
    """A portfolio of accounts of 100 people each (90 theirs, 10 ours), with random links and 2-person interactions."""
    rng = random.Random(seed)
    accounts = max(1, people // 100)
    data = Dataset(accounts=[Account(f"A{a}", f"Account {a}") for a in range(accounts)])
    for i in range(people):
        a = i // 100 % accounts
        if i % 100 < 90:
            data.people.append(Person(f"P{i}", f"Person {i}", "customer", account=f"A{a}", title="Buyer",
                                      department=f"Dept {i % 7}", level="staff", attitude="neutral"))
        else:
            data.people.append(Person(f"P{i}", f"Person {i}", "supplier", title="KAE"))
            data.team.append(TeamMember(f"A{a}", f"P{i}", "KAE"))

    def customer(block: int) -> str:
        return f"P{block * 100 + rng.randrange(90)}"

    def ours(block: int) -> str:
        return f"P{block * 100 + 90 + rng.randrange(10)}"

    blocks = people // 100
    seen = set()
    while len(data.links) < links:
        b = rng.randrange(blocks)
        kind = rng.choice(["reports_to", "influences", "knows", "knows"])
        source = ours(b) if kind == "knows" else customer(b)
        target = customer(b)
        if source != target and (kind, source, target) not in seen:
            seen.add((kind, source, target))
            data.links.append(Link(kind, source, target, level="vendor" if kind == "knows" else None))
    for n in range(interactions):
        b = rng.randrange(blocks)
        data.interactions.append(Interaction(f"I{n}", "meeting", f"2026-{1 + n % 12:02d}-{1 + n % 28:02d}",
                                             f"A{b % accounts}", (ours(b), customer(b))))
    return data


def baseline_load(home: Path, data: Dataset, one_transaction: bool = False) -> float:
    """The bare loader: UNWIND … MERGE straight against the same engine, in batches; returns the seconds closing took.

    Each batch is its own query (and, with the append-only file synced on every write, its own
    fsync) unless ``one_transaction``, which queues every batch in one MULTI/EXEC as kamgraph does.
    """
    from falkordb.helpers import stringify_param_value
    from redislite.falkordb_client import FalkorDB

    directory = home / f"baseline-{int(one_transaction)}"  # its own directory: the append-only file lives there
    directory.mkdir()
    db = FalkorDB(str(directory / "baseline.db"), serverconfig={"appendonly": "yes", "appendfsync": "always"},
                  socket_timeout=None)
    graph = db.select_graph(GRAPH_NAME)
    for label in ("Account", "Person", "Interaction"):
        graph.query(f"CREATE INDEX FOR (n:{label}) ON (n.id)")  # fixed labels; benchmark only
    pipe = db.client.pipeline(transaction=True)

    def load(query: str, rows: list[dict]) -> None:
        for start in range(0, len(rows), BATCH_SIZE):
            batch = rows[start:start + BATCH_SIZE]
            if one_transaction:
                pipe.execute_command("GRAPH.QUERY", GRAPH_NAME, f"CYPHER rows={stringify_param_value(batch)} {query}")
            else:
                graph.query(query, {"rows": batch})

    def props(record, *drop) -> dict:
        return {k: v for k, v in vars(record).items() if v is not None and k not in ("origin", *drop)}

    load("UNWIND $rows AS r MERGE (n:Account {id: r.id}) SET n += r.props", [{"id": a.id, "props": props(a)} for a in data.accounts])
    load("UNWIND $rows AS r MERGE (n:Person {id: r.id}) SET n += r.props", [{"id": p.id, "props": props(p, "account")} for p in data.people])
    load("UNWIND $rows AS r MATCH (p:Person {id: r.id}) MATCH (a:Account {id: r.account}) MERGE (p)-[:WORKS_AT]->(a)",
         [{"id": p.id, "account": p.account} for p in data.people if p.account])
    load("UNWIND $rows AS r MATCH (p:Person {id: r.person}) MATCH (a:Account {id: r.account}) MERGE (p)-[t:ON_TEAM]->(a) SET t.role = r.role",
         [{"person": t.person, "account": t.account, "role": t.role} for t in data.team])
    for kind, rel in (("reports_to", "REPORTS_TO"), ("influences", "INFLUENCES"), ("knows", "KNOWS")):
        load(f"UNWIND $rows AS r MATCH (a:Person {{id: r.s}}) MATCH (b:Person {{id: r.t}}) MERGE (a)-[x:{rel}]->(b) SET x += r.props",
             [{"s": link.source, "t": link.target, "props": props(link, "kind", "source", "target")} for link in data.links if link.kind == kind])
    load("UNWIND $rows AS r MATCH (a:Account {id: r.account}) MERGE (i:Interaction {id: r.id}) SET i += r.props MERGE (i)-[:ABOUT]->(a)",
         [{"id": i.id, "account": i.account, "props": props(i, "account", "participants")} for i in data.interactions])
    load("UNWIND $rows AS r MATCH (p:Person {id: r.p}) MATCH (i:Interaction {id: r.i}) MERGE (p)-[:PARTICIPATED_IN]->(i)",
         [{"p": p, "i": i.id} for i in data.interactions for p in i.participants])
    if one_transaction:
        pipe.execute()
    start = time.perf_counter()
    db.close()
    return time.perf_counter() - start


def kamgraph_load(home: Path, data: Dataset) -> float:
    """kamgraph's import; returns the seconds that closing the store took (it leaves a snapshot to load)."""
    store = open_store(home / "kamgraph")
    import_dataset(store, data)
    start = time.perf_counter()
    store.close()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of the full size (default 1)")
    parser.add_argument("--repeat", type=int, default=1,
                        help="rounds of all three loaders, taken in turn; the table shows each one's median (default 1)")
    args = parser.parse_args()
    people, links, interactions = (int(n * args.scale) for n in (100_000, 500_000, 250_000))
    data = generate(people, links, interactions)
    rows = len(data) + sum(len(i.participants) for i in data.interactions) + sum(1 for p in data.people if p.account)
    print(f"Portfolio: {people:,} people, {links:,} person-to-person relationships, {interactions:,} interactions "
          f"({2 * interactions:,} participations); {rows:,} rows written in all.")
    loaders = (("baseline: bare UNWIND … MERGE", baseline_load),
               ("baseline, in one transaction", lambda home, d: baseline_load(home, d, one_transaction=True)),
               ("kamgraph import", kamgraph_load))
    times: dict[str, list[float]] = {name: [] for name, _ in loaders}
    closing: dict[str, list[float]] = {name: [] for name, _ in loaders}
    for _ in range(args.repeat):  # in turn, so a slow spell of the machine does not land on one loader only
        for name, load in loaders:
            with tempfile.TemporaryDirectory() as tmp:
                start = time.perf_counter()
                closed = load(Path(tmp), data)
                times[name].append(time.perf_counter() - start - closed)
                closing[name].append(closed)
    base = statistics.median(times[loaders[0][0]])
    print(f"\n{'loader':32} {'seconds':>9} {'rows/s':>10} {'× baseline time':>16} {'then closing s':>15}")
    for name, _ in loaders:
        seconds = statistics.median(times[name])
        print(f"{name:32} {seconds:9.1f} {rows / seconds:10,.0f} {seconds / base:16.2f} "
              f"{statistics.median(closing[name]):15.1f}")
    print("\nSeconds: opening the store and writing everything. Closing is apart: kamgraph's embedded store "
          "finishes\nrewriting its append-only file into a snapshot, so that the next command loads it instead of "
          "replaying\nthe import; falkordblite's own close waits for its server to exit.")


if __name__ == "__main__":
    main()
