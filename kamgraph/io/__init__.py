"""Reading input files into kamgraph's records (nothing here touches a store).

The names below load their modules when first used, so that a reader of one
kind (a mailbox, a calendar) does not load the spreadsheet readers.
"""

from __future__ import annotations

import importlib

_WHERE = {"SHEETS": "native", "ReadResult": "native", "read_paths": "native",
          "columns_readme": "template", "write_templates": "template"}

__all__ = ["SHEETS", "ReadResult", "columns_readme", "read_paths", "write_templates"]


def __getattr__(name: str):
    if name in _WHERE:
        return getattr(importlib.import_module(f"kamgraph.io.{_WHERE[name]}"), name)
    raise AttributeError(f"module 'kamgraph.io' has no attribute {name!r}")
