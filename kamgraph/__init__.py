"""kamgraph: map a key account's buying centre and your account team as a graph.

The library API, for notebooks and scripts (the ``kamgraph`` command is a thin
layer over the same calls)::

    import kamgraph
    store = kamgraph.open_store()                   # ./.kamgraph, or a Neo4j URL
    kamgraph.import_paths(store, ["import/"])       # all or nothing
    graph = kamgraph.load_snapshot(store, "Northwind Retail Group")
"""

from kamgraph.demo import run_demo
from kamgraph.errors import KamgraphError, NotFound
from kamgraph.importer import import_dataset, import_paths
from kamgraph.io import read_paths, write_templates
from kamgraph.model import Dataset, ValidationError
from kamgraph.snapshot import load_portfolio, load_snapshot, people_rows
from kamgraph.store import GraphStore, StoreError, open_store

__all__ = [
    "Dataset",
    "GraphStore",
    "KamgraphError",
    "NotFound",
    "StoreError",
    "ValidationError",
    "import_dataset",
    "import_paths",
    "load_portfolio",
    "load_snapshot",
    "open_store",
    "people_rows",
    "read_paths",
    "run_demo",
    "write_templates",
]
