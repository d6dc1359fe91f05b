"""Output for people: terminal tables and self-contained HTML pages."""

from kamgraph.render.analysis_text import analysis_text, paths_text, whatif_text
from kamgraph.render.relationship_map import map_html, show_map, write_map
from kamgraph.render.summary import summary_html, write_summary
from kamgraph.render.table import format_table

__all__ = ["analysis_text", "format_table", "map_html", "paths_text", "show_map", "summary_html", "whatif_text",
           "write_map", "write_summary"]
