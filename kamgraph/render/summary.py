"""The HTML summary page: one self-contained file (no scripts, no fetches), every user value escaped."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import jinja2
import networkx as nx

from kamgraph.analysis import account_overview, analyze_account
from kamgraph.render.files import write_whole

_env = jinja2.Environment(
    loader=jinja2.PackageLoader("kamgraph.render", "templates"),
    autoescape=True,  # names and titles are user text
    undefined=jinja2.StrictUndefined,
)


TOP_FINDINGS = 6


def summary_html(snapshots: list[nx.MultiDiGraph], title: str = "kamgraph summary",
                 as_of: dt.date | None = None, links: dict[str, str] | None = None) -> str:
    """A page with one section per account snapshot: health, headline figures, the most severe
    gaps and risks, departments and our team; ``links`` maps an account id to its map's file name."""
    as_of = as_of or dt.date.today()
    accounts = []
    for graph in snapshots:
        analysis = analyze_account(graph, as_of=as_of)
        findings = sorted(analysis["gaps"] + analysis["risks"],
                          key=lambda f: ({"high": 0, "medium": 1, "low": 2}[f["severity"]]))
        accounts.append({"account": graph.graph["account"], "overview": account_overview(graph),
                         "analysis": analysis, "findings": findings[:TOP_FINDINGS],
                         "more_findings": max(0, len(findings) - TOP_FINDINGS),
                         "map": (links or {}).get(graph.graph["account"]["id"])})
    return _env.get_template("summary.html").render(title=title, accounts=accounts, generated=as_of.isoformat())


def write_summary(snapshots: list[nx.MultiDiGraph], path: str | Path, title: str = "kamgraph summary",
                  as_of: dt.date | None = None, links: dict[str, str] | None = None) -> Path:
    """Write :func:`summary_html` to ``path`` as UTF-8 (the file appears whole or not at all)."""
    return write_whole(path, summary_html(snapshots, title, as_of, links))
