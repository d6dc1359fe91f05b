"""A backup of a store as one file, and bringing it back into an empty store; the same for both engines.

>>> backup(open_store(".kamgraph"), "kamgraph-backup.jsonl")    # doctest: +SKIP
>>> restore(open_store("/tmp/empty"), "kamgraph-backup.jsonl")  # doctest: +SKIP

The file is JSON Lines: a header ``{"kamgraph_backup": 1, "nodes": N,
"relationships": M}``, then one line per node (``label``, ``props``) and one
per relationship (the label and id of each end, ``type``, ``props``). Nodes and
relationships are read together, with no write between them, so the copy is
consistent while other commands use the store; the file appears only once it
is complete. A restore writes everything in one all-or-nothing transaction.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from kamgraph.errors import KamgraphError
from kamgraph.store.base import GraphStore, StoreError

FORMAT = 1


@dataclass(frozen=True)
class BackupSummary:
    path: str
    nodes: int
    relationships: int


def backup(store: GraphStore, path: str | os.PathLike) -> BackupSummary:
    """Write everything ``store`` holds to ``path`` (replacing the file only once the new one is complete)."""
    target = Path(path)
    nodes, edges = store.read_together("dump_nodes", "backup_relationships")
    partial = target.with_name(target.name + ".partial")
    try:
        with open(partial, "w", encoding="utf-8") as out:
            out.write(json.dumps({"kamgraph_backup": FORMAT, "nodes": len(nodes), "relationships": len(edges)}) + "\n")
            for row in nodes:
                out.write(json.dumps({"label": row["label"], "props": dict(row["props"])}, ensure_ascii=False) + "\n")
            for row in edges:
                out.write(json.dumps({**row, "props": dict(row["props"])}, ensure_ascii=False) + "\n")
            out.flush()
            os.fsync(out.fileno())
        os.replace(partial, target)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise KamgraphError(f"cannot write the backup to {target}: {exc.strerror or exc}") from exc
    return BackupSummary(str(target), len(nodes), len(edges))


def read_backup(path: str | os.PathLike) -> tuple[list[dict], list[dict]]:
    """The nodes and relationships of a backup file; refuses a file that is not a whole kamgraph backup."""
    source = Path(path)
    try:
        with open(source, encoding="utf-8") as handle:
            lines = handle.read().splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise KamgraphError(f"cannot read the backup {source}: {getattr(exc, 'strerror', None) or exc}") from exc
    try:
        header = json.loads(lines[0]) if lines else None
        if not isinstance(header, dict) or header.get("kamgraph_backup") != FORMAT:
            raise ValueError("not a kamgraph backup")
        records = [json.loads(line) for line in lines[1:]]
    except ValueError as exc:
        raise KamgraphError(f"{source}: not a kamgraph backup (line 1 must be its header): {exc}") from None
    nodes, edges = records[: header["nodes"]], records[header["nodes"]:]
    if len(edges) != header["relationships"] or any("label" not in n for n in nodes) or any("type" not in e for e in edges):
        raise KamgraphError(f"{source}: the backup is incomplete or damaged (its header announces "
                            f"{header['nodes']} nodes and {header['relationships']} relationships)")
    return nodes, edges


def restore(store: GraphStore, path: str | os.PathLike) -> BackupSummary:
    """Bring a backup back into ``store``, which must be empty; all or nothing."""
    nodes, edges = read_backup(path)
    if any(row["n"] for row in store.read("count_nodes")):  # no rows: the graph does not exist yet
        raise StoreError(f"{store.location} is not empty; restore a backup into an empty store")
    store.write_statements([("restore_nodes", nodes), ("restore_relationships", edges)])
    return BackupSummary(str(path), len(nodes), len(edges))
