"""``kamgraph demo``: load the sample portfolio into a store and write what a person opens."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from kamgraph.analysis import account_overview
from kamgraph.importer import import_dataset
from kamgraph.render import write_map, write_summary
from kamgraph.render.portfolio_page import write_portfolio
from kamgraph.render.review import write_review
from kamgraph.reports import portfolio, record_snapshot, review
from kamgraph.sample import sample_portfolio
from kamgraph.snapshot import load_snapshot
from kamgraph.store import GraphStore, WriteSummary

REVIEW_INTERVAL_DAYS = 90  # the demo's previous account review, when its snapshot was taken


@dataclass
class DemoReport:
    summary: WriteSummary
    accounts: list[dict] = field(default_factory=list)  # account properties + overview figures
    files: list[Path] = field(default_factory=list)


def run_demo(
    store: GraphStore,
    out: str | Path | None = None,
    *,
    as_of: dt.date | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> DemoReport:
    """Load the sample portfolio (see :mod:`kamgraph.sample`) and, if ``out`` is given, write its pages there."""
    as_of = as_of or dt.date.today()
    earlier = as_of - dt.timedelta(days=REVIEW_INTERVAL_DAYS)
    data = sample_portfolio(as_of)
    report = DemoReport(import_dataset(store, data, progress))
    for account in data.accounts:  # the last review's snapshot, so the review pack shows what changed since
        record_snapshot(store, account.id, as_of=earlier)
    snapshots = [load_snapshot(store, account.id) for account in data.accounts]
    for graph in snapshots:
        report.accounts.append({**graph.graph["account"], **account_overview(graph)})
    if out is not None:
        maps = {}
        for graph in snapshots:
            account_id = graph.graph["account"]["id"]
            maps[account_id] = f"map-{account_id}.html"
            report.files.append(write_map(graph, Path(out) / maps[account_id], as_of=as_of))
            report.files.append(write_review(review(store, account_id, as_of=as_of), Path(out) / f"review-{account_id}.html"))
        report.files.append(write_portfolio(portfolio(store, as_of=as_of), Path(out) / "portfolio.html"))
        report.files.append(write_summary(snapshots, Path(out) / "index.html", title="kamgraph demo portfolio",
                                          as_of=as_of, links=maps))
    return report
