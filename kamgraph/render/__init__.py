"""Output for people: terminal tables and self-contained HTML pages.

The pages (and the libraries they need: jinja2, pyvis, networkx) load when
first used, so a command that prints a table does not pay for them.
"""

from importlib import import_module

from kamgraph.render.analysis_text import analysis_text, paths_text, whatif_text
from kamgraph.render.table import format_table

_PAGES = {
    "map_html": "kamgraph.render.relationship_map",
    "show_map": "kamgraph.render.relationship_map",
    "write_map": "kamgraph.render.relationship_map",
    "summary_html": "kamgraph.render.summary",
    "write_summary": "kamgraph.render.summary",
}

__all__ = ["analysis_text", "format_table", "map_html", "paths_text", "show_map", "summary_html", "whatif_text",
           "write_map", "write_summary"]


def __getattr__(name: str):
    if name not in _PAGES:
        raise AttributeError(f"module 'kamgraph.render' has no attribute {name!r}")
    return getattr(import_module(_PAGES[name]), name)
