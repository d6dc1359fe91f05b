"""Snapshots kept on disk between commands, read back while the store has not been written since.

Building an account's snapshot means reading all its records from the store and unpacking its
interactions (over a second for an account with 5,000 contacts and 200,000 interactions); reading the
finished graph back from a file takes a tenth of that. So :func:`cached_snapshot` keeps each snapshot
it builds in the store's cache directory (``<store>/cache/``; the embedded store has one, a Neo4j or
FalkorDB server store none) and hands it back to the next command, as long as the store is unchanged.

Correct by construction, not by guessing what a write touched:

- every write sets a fresh random token on the store in its own transaction
  (``cypher/set_store_token.cypher``); a cached file is named by the token it was built at and is read
  only while the store's token is that one. The token is read before and after the records are: a
  write committed in between changes it and the snapshot is not kept (it is still returned, as a
  fresh load would). After keeping a file the token is read once more, and the file goes if a write
  got in meanwhile.
- the file also records :data:`CACHE_FORMAT` and a fingerprint of the code that builds snapshots (its
  sources, kamgraph's, networkx's, numpy's and Python's versions): another build of kamgraph never
  reads it.
- privacy: the store deletes every file of another token before and after each write in this process
  (:mod:`kamgraph.store.snapshot_files`), ``erase_history`` (``person forget``) empties the directory,
  and a miss deletes the account's files of other tokens. A forgotten person's data is in no file after
  ``person forget`` returns.
- safety: a file is unpickled by an :class:`pickle.Unpickler` that builds only the classes a snapshot
  holds (:data:`ALLOWED`): a file someone put in the directory cannot run code. A file that is
  damaged, cut short, of another format, or names anything else is a miss: the snapshot is built
  again, the user sees nothing.

``KAMGRAPH_SNAPSHOT_CACHE=0`` turns the cache off (nothing read, nothing kept).
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import sys
from collections.abc import Callable
from functools import cache
from importlib import metadata, resources, util
from typing import BinaryIO

import networkx as nx

from kamgraph.bulk import no_cyclic_gc
from kamgraph.store import GraphStore, snapshot_files

CACHE_FORMAT = 1
ENV = "KAMGRAPH_SNAPSHOT_CACHE"
MAGIC = b"kamgraph snapshot cache\n"

# The classes a snapshot's pickle may name: the graph, the interaction log, numpy's arrays (numpy 2 names its
# modules numpy._core, numpy 1 numpy.core). Everything else in a snapshot is dicts, lists, texts and numbers.
ALLOWED = frozenset({
    ("networkx.classes.multidigraph", "MultiDiGraph"),
    ("kamgraph.activity", "InteractionLog"),
    ("numpy", "dtype"),
    ("numpy", "ndarray"),
    ("numpy._core.numeric", "_frombuffer"),
    ("numpy.core.numeric", "_frombuffer"),
    ("numpy._core.multiarray", "_reconstruct"),
    ("numpy.core.multiarray", "_reconstruct"),
})

# What a MultiDiGraph holds; networkx's views (``nodes``, ``edges``, ...) are cached properties made again on use.
GRAPH_STATE = ("graph", "_node", "_adj", "_succ", "_pred")

# The code that decides what a snapshot holds: a change to any of it makes every cached file another build's.
SOURCES = ("kamgraph.snapshot", "kamgraph.snapshot_cache", "kamgraph.activity", "kamgraph.model",
           "kamgraph.store.base", "kamgraph.store.falkor", "kamgraph.store.socket_client")


class _SnapshotUnpickler(pickle.Unpickler):
    def find_class(self, module: str, name: str):
        if (module, name) not in ALLOWED:
            raise pickle.UnpicklingError(f"a cached snapshot may not name {module}.{name}")
        return super().find_class(module, name)


def enabled(store: GraphStore) -> bool:
    """Whether snapshots of ``store`` are cached: it has a cache directory and the cache is not turned off."""
    return store.cache_dir is not None and os.environ.get(ENV, "1").strip().lower() not in ("0", "false", "no", "off")


@cache
def code_fingerprint() -> str | None:
    """A digest of the code and library versions a cached snapshot depends on; None when the sources cannot be
    read (kamgraph run from a zip, say): then nothing is cached."""
    try:
        return _fingerprint()
    except (OSError, AttributeError, TypeError):
        return None


def _fingerprint() -> str:
    digest = hashlib.sha256()
    for name in ("kamgraph", "networkx", "numpy"):
        try:
            version = metadata.version(name)
        except metadata.PackageNotFoundError:  # kamgraph run from its sources: the sources below still count
            version = "?"
        digest.update(f"{name}={version};".encode())
    digest.update(f"python={sys.version_info[:2]};format={CACHE_FORMAT};".encode())
    for module in SOURCES:
        spec = util.find_spec(module)
        with open(spec.origin, "rb") as source:
            digest.update(source.read())
    root = resources.files("kamgraph.cypher")
    for entry in sorted(root.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".cypher"):
            digest.update(entry.name.encode() + entry.read_bytes())
    return digest.hexdigest()


def encode(graph: nx.MultiDiGraph, key: str, out: BinaryIO) -> None:
    """Write a snapshot to a cache file: a header, then the graph's pickle."""
    plain = nx.MultiDiGraph.__new__(nx.MultiDiGraph)
    plain.__dict__.update({name: graph.__dict__[name] for name in GRAPH_STATE})
    out.write(MAGIC + _header(key) + b"\n")
    pickle.dump(plain, out, protocol=pickle.HIGHEST_PROTOCOL)


def decode(source: BinaryIO, key: str) -> nx.MultiDiGraph | None:
    """The snapshot a cache file holds; None when the file is not a whole, current, allowed one for ``key``."""
    try:
        if source.read(len(MAGIC)) != MAGIC or source.readline().rstrip(b"\n") != _header(key):
            return None
        with no_cyclic_gc():  # hundreds of thousands of small containers, no cycles (kamgraph.bulk)
            graph = _SnapshotUnpickler(source).load()
        if source.read(1):  # something after the pickle: not a file this module wrote
            return None
    except Exception:  # noqa: BLE001 - a damaged or foreign file is a miss, whatever it breaks in the unpickler
        return None
    if type(graph) is not nx.MultiDiGraph or set(graph.__dict__) != set(GRAPH_STATE):
        return None
    graph.__dict__["__networkx_cache__"] = {}
    return graph


def _header(key: str) -> bytes:
    return json.dumps({"format": CACHE_FORMAT, "code": code_fingerprint(), "key": key}).encode()


def cached_snapshot(store: GraphStore, key: str, build: Callable[[], nx.MultiDiGraph]) -> nx.MultiDiGraph:
    """The snapshot ``key`` names (``account:<id>``, ``portfolio``): from the cache while the store is unchanged,
    else ``build()``, kept for the next command when no write came between reading its records and keeping it."""
    if not enabled(store) or code_fingerprint() is None:
        return build()
    token = store.store_token()
    if token is None:  # nothing written since kamgraph kept a token: no way to tell a change (kamgraph init sets one)
        return build()
    directory = store.cache_dir
    source = snapshot_files.open_cached(directory, key, token)
    if source is not None:
        with source:
            graph = decode(source, key)
        if graph is not None:
            return graph
    snapshot_files.remove_key(directory, key)  # of older states of the store, or damaged
    graph = build()
    if store.store_token() != token:  # a write came between: the records may mix two states of the store
        return graph
    kept = snapshot_files.write(directory, key, token, lambda out: encode(graph, key, out), like=_store_home(store))
    if kept is not None and store.store_token() != token:  # a write committed (and cleaned up) while it was kept
        kept.unlink(missing_ok=True)
    return graph


def _store_home(store: GraphStore):
    """The store's directory: its permissions, less the right to run, are the cache files' (0755 gives 0644, 0700 0600)."""
    return getattr(store, "home", None)
