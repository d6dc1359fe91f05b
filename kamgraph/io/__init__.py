"""Reading input files into kamgraph's records (nothing here touches a store)."""

from kamgraph.io.native import SHEETS, ReadResult, read_paths
from kamgraph.io.template import columns_readme, write_templates

__all__ = ["SHEETS", "ReadResult", "columns_readme", "read_paths", "write_templates"]
