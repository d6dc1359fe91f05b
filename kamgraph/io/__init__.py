"""Reading input files into kamgraph's records (nothing here touches a store).

The names below load their modules when first used, so that a reader of one
kind (a mailbox, a calendar) does not load the spreadsheet readers.
"""

from __future__ import annotations

from kamgraph.lazy import lazy_names

_WHERE = {"SHEETS": "kamgraph.io.native", "ReadResult": "kamgraph.io.native", "read_paths": "kamgraph.io.native",
          "columns_readme": "kamgraph.io.template", "write_templates": "kamgraph.io.template"}

__all__ = ["SHEETS", "ReadResult", "columns_readme", "read_paths", "write_templates"]

__getattr__, __dir__ = lazy_names(__name__, _WHERE)
