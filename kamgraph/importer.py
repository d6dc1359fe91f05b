"""Import files into a store: read and check everything first, then write it all in one transaction."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from kamgraph.io import read_paths
from kamgraph.model import Dataset, check_dataset
from kamgraph.store import GraphStore, WriteSummary


@dataclass
class ImportReport:
    """What an import read and what it did to the store (``summary`` is None for a check-only run)."""

    files: list[str]
    records: dict[str, int]
    warnings: list[str] = field(default_factory=list)
    blank_rows: int = 0
    summary: WriteSummary | None = None


def import_dataset(store: GraphStore, data: Dataset, progress: Callable[[int, int], None] | None = None) -> WriteSummary:
    """Check a dataset against itself and the store, then write it (all or nothing)."""
    check_dataset(data, store.lookup)
    return store.write(data, progress=progress)


def import_paths(
    store: GraphStore,
    paths: list[str | Path],
    *,
    check_only: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> ImportReport:
    """Import CSV/XLSX files in kamgraph's format into ``store``.

    Every file is read and checked before anything is written; a problem
    anywhere raises :class:`~kamgraph.model.ValidationError` and the store is
    left as it was.
    """
    read = read_paths(paths)
    report = ImportReport(read.files, read.data.counts(), read.warnings, read.blank_rows)
    if check_only:
        check_dataset(read.data, store.lookup)
    else:
        report.summary = import_dataset(store, read.data, progress)
    return report
