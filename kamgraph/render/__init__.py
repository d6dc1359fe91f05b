"""Output for people: terminal tables and self-contained HTML pages."""

from kamgraph.render.summary import summary_html, write_summary
from kamgraph.render.table import format_table

__all__ = ["format_table", "summary_html", "write_summary"]
