"""Every command as a user feels it: whole processes, start to exit, beside ``kamgraph accounts`` as the fixed cost.

Two stores, built once into ``--dir`` and reused by later runs:

- ``portfolio``: the analyze benchmark's 300 accounts (13,921 people, 291,880
  interactions); the commands run against its 5,000-contact account ``BIG2``;
- ``large``: one account of 20,000 contacts, 40 team members and 800,000
  interactions.

Each command runs ``--repeat`` times (after one warm-up run) as its own
process under GNU ``time``; the table shows the median wall time, the spread
(min–max), the largest resident memory of the command's process, and the ratio of the median
to the median of ``kamgraph accounts`` on the same store. The server of the
embedded store stays up between commands (``KAMGRAPH_SERVER_IDLE``), as it
does for a user running commands one after another; ``--cold`` sets
``KAMGRAPH_SERVER_IDLE=0`` instead, so every command starts the server and stops it.
``--after-write`` runs ``kamgraph init`` (a write, untimed) before every run, so
each command is the first after a write and reads the account from the store
rather than from the snapshot cache.

Run on demand (not part of the test suite)::

    python benchmarks/latency_benchmark.py --dir /tmp/kamgraph-latency
    python benchmarks/latency_benchmark.py --dir /tmp/kamgraph-latency --cold --only portfolio
    python benchmarks/latency_benchmark.py --dir /tmp/kamgraph-latency --after-write
    git archive main | tar -x -C /tmp/kamgraph-main
    python benchmarks/latency_benchmark.py --dir /tmp/kamgraph-latency --baseline /tmp/kamgraph-main

With ``--baseline TREE`` each command also runs with the kamgraph code in TREE
(first on ``PYTHONPATH``, with the same interpreter and libraries), each
baseline run right before the matching run of this code, so a busy machine
weighs on both alike.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from analyze_benchmark import AS_OF, account  # noqa: E402  (the same generated accounts)

TIME = shutil.which("time", path="/usr/bin:/bin") or "/usr/bin/time"  # GNU time: wall clock and peak memory
KAMGRAPH = [str(Path(sys.executable).with_name("kamgraph"))]  # the installed command, as a user runs it


def build_portfolio(home: Path, accounts: int = 300) -> None:
    from kamgraph.importer import import_dataset
    from kamgraph.model import Dataset
    from kamgraph.store import open_store

    rng = random.Random(11)
    data = Dataset()
    for i, (contacts, team, interactions) in enumerate([(500, 30, 20_000), (1_500, 30, 60_000), (5_000, 30, 200_000)]):
        account(data, rng, f"BIG{i}", contacts, team, interactions)
    for a in range(accounts - 3):
        account(data, rng, f"S{a}", 20, 3, 40)
    with open_store(home) as store:
        import_dataset(store, data)


def build_large(home: Path) -> None:
    from kamgraph.importer import import_dataset
    from kamgraph.model import Dataset
    from kamgraph.store import open_store

    data = Dataset()
    account(data, random.Random(12), "HUGE", 20_000, 40, 800_000)
    with open_store(home) as store:
        import_dataset(store, data)


def ensure(home: Path, build) -> None:
    if (home / "built").exists():
        return
    shutil.rmtree(home, ignore_errors=True)
    start = time.perf_counter()
    print(f"building {home} (once) …", flush=True)
    build(home)
    (home / "built").write_text("")
    print(f"built in {time.perf_counter() - start:.0f} s", flush=True)


def run_once(args: list[str], env: dict, before: list[str] | None = None) -> tuple[float, float, int]:
    """Wall seconds and peak resident MB of the command's process, as GNU time reports them, and its exit code.

    ``before`` is a command run first, untimed (a write, for ``--after-write``).
    """
    if before:
        subprocess.run(before, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=True)
    with tempfile.NamedTemporaryFile("r", suffix=".time") as report:
        done = subprocess.run([TIME, "-f", "%e %M", "-o", report.name, *args], stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, env=env, text=True)
        if done.returncode:
            raise SystemExit(f"{' '.join(args[1:])} failed ({done.returncode}): {done.stderr.strip()}")
        wall, kb = report.read().split()[-2:]
    return float(wall), int(kb) / 1024, done.returncode


def measure(label: str, args: list[str], env: dict, repeat: int, baseline_env: dict | None = None,
            before: list[str] | None = None) -> dict:
    """The command's runs; with ``baseline_env``, each run is paired with one of the baseline code, taken in turn."""
    envs = {"": env} if baseline_env is None else {"": env, "baseline": baseline_env}
    for e in envs.values():
        run_once(args, e, before)  # warm-up: file caches, and the server if it stays up
    runs: dict[str, list] = {name: [] for name in envs}
    for _ in range(repeat):
        for name, e in envs.items():
            runs[name].append(run_once(args, e, before))
    out = {"label": label}
    for name, taken in runs.items():
        walls = sorted(r[0] for r in taken)
        out[name] = {"median": statistics.median(walls), "min": walls[0], "max": walls[-1],
                     "mb": max(r[1] for r in taken)}
    return out


def table(rows: list[dict], base: dict[str, float]) -> None:
    names = [n for n in ("baseline", "") if n in rows[0]]
    header = f"{'command':<24}"
    for name in names:
        tag = f"{name} " if name else ""
        header += f" {tag + 'median s':>17} {'min–max s':>13} {'peak MB':>8} {'÷ accounts':>10}"
    print(header)
    for r in rows:
        line = f"{r['label']:<24}"
        for name in names:
            m = r[name]
            line += f" {m['median']:17.2f} {m['min']:6.2f}–{m['max']:<6.2f} {m['mb']:8.0f} {m['median'] / base[name]:10.1f}"
        print(line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", type=Path, default=Path(tempfile.gettempdir()) / "kamgraph-latency",
                        help="where the stores are built once and kept (default: $TMPDIR/kamgraph-latency)")
    parser.add_argument("--repeat", type=int, default=3, help="counted runs per command; the median is shown (default 3)")
    parser.add_argument("--only", choices=["portfolio", "large"], help="run against one of the two stores only")
    parser.add_argument("--cold", action="store_true", help="stop the store's server after every command")
    parser.add_argument("--after-write", action="store_true",
                        help="write to the store (kamgraph init, untimed) before every run: no cached snapshot helps")
    parser.add_argument("--commands", help="comma-separated labels to run (e.g. accounts,review)")
    parser.add_argument("--baseline", type=Path, metavar="TREE",
                        help="a checkout of other kamgraph code (e.g. `git archive main | tar -x -C TREE`) to run "
                             "beside this one, run for run in turn, so both are measured in the same minutes")
    args = parser.parse_args()
    portfolio, large = args.dir / "portfolio", args.dir / "large"
    out = Path(tempfile.mkdtemp(prefix="kamgraph-latency-out-"))
    env = dict(os.environ, KAMGRAPH_SERVER_IDLE="0" if args.cold else os.environ.get("KAMGRAPH_SERVER_IDLE", "120"))
    as_of = ["--as-of", AS_OF.isoformat()]
    plans = []
    if args.only != "large":
        ensure(portfolio, build_portfolio)
        plans.append(("portfolio: 300 accounts, BIG2 = 5,000 contacts", portfolio, [
            ("--help", ["--help"]),
            ("accounts", ["accounts"]),
            ("analyze --json", ["analyze", "BIG2", "--json", *as_of]),
            ("whatif", ["whatif", "BIG2", "--without", "BIG2-T0", *as_of]),
            ("paths --to", ["paths", "BIG2", "--to", "BIG2-C4321", *as_of]),
            ("map", ["map", "BIG2", "-o", str(out / "map.html"), *as_of]),
            ("review", ["review", "BIG2", "-o", str(out / "review.html"), *as_of]),
        ]))
    if args.only != "portfolio":
        ensure(large, build_large)
        plans.append(("large: one account, 20,000 contacts, 800,000 interactions", large, [
            ("accounts", ["accounts"]),
            ("analyze", ["analyze", "HUGE", *as_of]),
            ("analyze --json", ["analyze", "HUGE", "--json", *as_of]),
        ]))
    wanted = set(args.commands.split(",")) if args.commands else None
    baseline_env = None
    if args.baseline:  # the same interpreter and libraries, the other tree's kamgraph first on the path
        baseline_env = dict(env, PYTHONPATH=str(args.baseline.resolve()))
    try:
        for title, home, commands in plans:
            print(f"\n{title} ({'cold: server stopped after each command' if args.cold else 'server kept up between commands'}"
                  f"{', each run the first after a write' if args.after_write else ''}, median of {args.repeat})")
            before = [*KAMGRAPH, "--store", str(home), "init"] if args.after_write else None
            rows = [measure(label, [*KAMGRAPH, "--store", str(home), *command], env, args.repeat, baseline_env, before)
                    for label, command in commands if wanted is None or label in wanted or label == "accounts"]
            accounts_row = next(r for r in rows if r["label"] == "accounts")
            table(rows, {name: accounts_row[name]["median"] for name in accounts_row if name != "label"})
            subprocess.run([*KAMGRAPH, "--store", str(home), "store", "stop"], env=env, stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
    finally:
        shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__":
    main()
