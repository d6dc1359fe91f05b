"""Export an account, edit it, sync it back: each step's time beside a plain import of the same file.

One account of ``--contacts`` customer contacts (30 team members, a reporting
tree, influence links and buying roles, as in ``analyze_benchmark.py``) is
stored, exported as a workbook and as CSV files, and the export synced back
after 50 contacts and 50 relationships are deleted from it. The baseline is
``kamgraph import`` of the same untouched file (read, check, write: what any
import costs); a sync adds the plan (reading the account from the store and
comparing) and, before writing, a second read of the store. Interactions are
left out: a workshop edits the buying centre, not the activity log.

Run on demand (not part of the test suite)::

    python benchmarks/sync_benchmark.py --contacts 5000
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from pathlib import Path

import openpyxl
from analyze_benchmark import account

from kamgraph.importer import import_dataset, import_paths
from kamgraph.model import Dataset
from kamgraph.store import open_store
from kamgraph.sync import apply_sync, export_accounts, plan_sync


def _edit(path: Path, suffix: str) -> None:
    """Delete 50 contacts and 50 relationships, as a workshop might."""
    if suffix == "xlsx":
        book = openpyxl.load_workbook(path)
        book["people"].delete_rows(2, 50)
        book["relationships"].delete_rows(2, 50)
        book.save(path)
        return
    for name in ("people.csv", "relationships.csv"):
        lines = (path / name).read_text(encoding="utf-8-sig").splitlines()
        (path / name).write_text("\n".join(lines[:1] + lines[51:]) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--contacts", type=int, default=5000, help="customer contacts in the account (default 5,000)")
    args = parser.parse_args()
    data = Dataset()
    account(data, random.Random(5), "BIG", args.contacts, 30, 0)
    rows = len(data)
    print(f"Account: {args.contacts:,} contacts, {len(data.links):,} relationships, {rows:,} records in all\n")
    print(f"{'format':>6} {'export s':>8} {'import s (baseline)':>19} {'plan s':>7} {'apply s':>8} "
          f"{'sync s':>7} {'sync ÷ import':>13}")
    for suffix in ("xlsx", "csv"):
        with tempfile.TemporaryDirectory() as tmp, open_store(Path(tmp) / "store") as store:
            import_dataset(store, data)
            target = Path(tmp) / ("big.xlsx" if suffix == "xlsx" else "big")
            start = time.perf_counter()
            paths = export_accounts(store, target, "BIG").paths
            exported = time.perf_counter() - start
            start = time.perf_counter()
            import_paths(store, paths)
            imported = time.perf_counter() - start
            _edit(target, suffix)
            start = time.perf_counter()
            plan = plan_sync(store, paths, "BIG")
            planned = time.perf_counter() - start
            assert len(plan.gone) == 50, plan.gone
            start = time.perf_counter()
            apply_sync(store, plan)
            applied = time.perf_counter() - start
            print(f"{suffix:>6} {exported:8.2f} {imported:19.2f} {planned:7.2f} {applied:8.2f} "
                  f"{planned + applied:7.2f} {(planned + applied) / imported:13.2f}")


if __name__ == "__main__":
    main()
