"""Where kamgraph keeps its graph: the embedded FalkorDB store or a Neo4j server.

>>> store = open_store("/tmp/kamgraph-doc")   # doctest: +SKIP
>>> store.accounts()                          # doctest: +SKIP

``open_store`` picks the engine from the location: a ``neo4j://``, ``neo4j+s://``,
``neo4j+ssc://``, ``bolt://``, ``bolt+s://`` or ``bolt+ssc://`` URL is a Neo4j
server; ``falkordb://host:port`` a FalkorDB server; anything else is a
directory for the embedded store. Without a location
it reads ``KAMGRAPH_STORE``, then ``KAMGRAPH_HOME``, then uses ``./.kamgraph``.
"""

from __future__ import annotations

import os
import re

from kamgraph.store.base import GraphStore, StoreError, WriteSummary

NEO4J_SCHEMES = ("neo4j", "neo4j+s", "neo4j+ssc", "bolt", "bolt+s", "bolt+ssc")
DEFAULT_HOME = ".kamgraph"

__all__ = ["GraphStore", "StoreError", "WriteSummary", "open_store", "resolve_location"]


def resolve_location(location: str | os.PathLike | None = None) -> str:
    """The store location kamgraph would use for ``location`` (applying the environment defaults)."""
    if location:
        return os.fspath(location)
    return os.environ.get("KAMGRAPH_STORE") or os.environ.get("KAMGRAPH_HOME") or DEFAULT_HOME


def open_store(location: str | os.PathLike | None = None, *, idle: float = 0) -> GraphStore:
    """Open the store at ``location`` (see the module docstring); raises :class:`StoreError`.

    ``idle``: for the embedded store, keep its server up for this many seconds after the last
    process leaves, so the next one need not start it (:mod:`kamgraph.store.server_lifecycle`).
    """
    where = resolve_location(location)
    scheme = re.match(r"^([a-zA-Z][a-zA-Z0-9+.-]*)://", where)
    if scheme and scheme.group(1).lower() == "falkordb":
        from kamgraph.store.falkordb_server import FalkorServerStore

        return FalkorServerStore(where)
    if scheme:
        if scheme.group(1).lower() not in NEO4J_SCHEMES:
            raise StoreError(
                f"'{scheme.group(1)}://' is not a store kamgraph knows; use a directory for the embedded store, "
                f"a Neo4j URL ({', '.join(s + '://' for s in NEO4J_SCHEMES)}) or falkordb://host:port"
            )
        from kamgraph.store.neo4j_store import Neo4jStore

        return Neo4jStore(where)
    from kamgraph.store.embedded import EmbeddedStore

    return EmbeddedStore(where, idle=idle)
