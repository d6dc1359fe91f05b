"""Output for people: terminal tables and self-contained HTML pages."""

from kamgraph.render.analysis_text import analysis_text, paths_text, whatif_text
from kamgraph.render.summary import summary_html, write_summary
from kamgraph.render.table import format_table

__all__ = ["analysis_text", "format_table", "paths_text", "summary_html", "whatif_text", "write_summary"]
