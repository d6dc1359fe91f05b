"""kamgraph: map a key account's buying centre and your account team as a graph.

The library API, for notebooks and scripts (the ``kamgraph`` command is a thin
layer over the same calls)::

    import kamgraph
    store = kamgraph.open_store()                   # ./.kamgraph, or a Neo4j URL
    kamgraph.import_paths(store, ["import/"])       # all or nothing
    graph = kamgraph.load_snapshot(store, "Northwind Retail Group")

The names below are loaded when first used, so ``import kamgraph`` (and every
command that needs only part of the library) stays quick.
"""

from kamgraph.lazy import lazy_names

_WHERE = {
    "Dataset": "kamgraph.model",
    "GraphStore": "kamgraph.store",
    "KamgraphError": "kamgraph.errors",
    "NotFound": "kamgraph.errors",
    "StoreError": "kamgraph.store",
    "ValidationError": "kamgraph.model",
    "apply_sync": "kamgraph.sync",
    "export_accounts": "kamgraph.sync",
    "import_dataset": "kamgraph.importer",
    "import_paths": "kamgraph.importer",
    "load_portfolio": "kamgraph.snapshot",
    "load_snapshot": "kamgraph.snapshot",
    "open_store": "kamgraph.store",
    "people_rows": "kamgraph.snapshot",
    "plan_sync": "kamgraph.sync",
    "read_paths": "kamgraph.io",
    "run_demo": "kamgraph.demo",
    "write_templates": "kamgraph.io",
}

__all__ = sorted(_WHERE)


__getattr__, __dir__ = lazy_names(__name__, _WHERE)
