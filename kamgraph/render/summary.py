"""The HTML summary page: one self-contained file (no scripts, no fetches), every user value escaped."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import jinja2
import networkx as nx

from kamgraph.analysis import account_overview

_env = jinja2.Environment(
    loader=jinja2.PackageLoader("kamgraph.render", "templates"),
    autoescape=True,  # names and titles are user text
    undefined=jinja2.StrictUndefined,
)


def summary_html(snapshots: list[nx.MultiDiGraph], title: str = "kamgraph summary") -> str:
    """A page with one section per account snapshot: headline figures, departments and our team."""
    accounts = []
    for graph in snapshots:
        accounts.append({"account": graph.graph["account"], "overview": account_overview(graph)})
    return _env.get_template("summary.html").render(
        title=title, accounts=accounts, generated=dt.date.today().isoformat()
    )


def write_summary(snapshots: list[nx.MultiDiGraph], path: str | Path, title: str = "kamgraph summary") -> Path:
    """Write :func:`summary_html` to ``path`` as UTF-8 (the file appears whole or not at all)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".part")
    partial.write_text(summary_html(snapshots, title), encoding="utf-8")
    partial.replace(path)
    return path
