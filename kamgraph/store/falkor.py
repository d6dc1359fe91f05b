"""What both FalkorDB stores share: the protocol (reads, one MULTI/EXEC transaction per write, schema).

:class:`~kamgraph.store.embedded.EmbeddedStore` runs its own server through
falkordblite; :class:`~kamgraph.store.falkordb_server.FalkorServerStore`
connects to one that runs elsewhere. Both set ``self._client`` (a redis client)
and ``self._graph`` (a falkordb graph) and leave the rest to this class.
"""

from __future__ import annotations

from collections.abc import Callable

import redis
from falkordb.helpers import stringify_param_value

from kamgraph.store.base import GRAPH_NAME, LABELS, GraphStore, StoreError
from kamgraph.store.statements import Statement


def _params_header(params: dict) -> str:
    if not params:
        return ""
    return "CYPHER " + " ".join(f"{key}={stringify_param_value(value)}" for key, value in params.items()) + " "


class FalkorStore(GraphStore):
    dialect = "falkordb"
    _client: redis.Redis | None = None
    _graph = None

    def _check_open(self) -> None:
        if self._client is None:
            raise StoreError("the store is closed")

    def _read(self, statement: Statement, params: dict) -> list[dict]:
        self._check_open()
        try:
            result = self._graph.ro_query(statement.text, params or None)
        except redis.ResponseError as exc:
            if "empty key" in str(exc):  # nothing has been written yet: the graph does not exist
                return []
            raise StoreError(f"FalkorDB could not run {statement.name}: {exc}") from exc
        names = [column[1] if isinstance(column, list) else column for column in result.header]
        return [dict(zip(names, (_plain(v) for v in row), strict=True)) for row in result.result_set]

    def _read_column(self, statement: Statement, params: dict) -> list:
        # Straight from the compact reply ([header, rows, stats], each cell [type, value]): falkordb-py's
        # general result parser costs more than the query itself on a large account.
        self._check_open()
        try:
            reply = self._client.execute_command("GRAPH.RO_QUERY", GRAPH_NAME, _params_header(params) + statement.text,
                                                 "--compact")
        except redis.ResponseError as exc:
            if "empty key" in str(exc):
                return []
            raise StoreError(f"FalkorDB could not run {statement.name}: {exc}") from exc
        return [row[0][1] for row in reply[1]] if len(reply) == 3 else []

    def _write(self, work: list[tuple[Statement, dict]], progress: Callable[[int], None]) -> list[list[dict]]:
        self._check_open()
        pipe = self._client.pipeline(transaction=True)
        for statement, params in work:
            pipe.execute_command("GRAPH.QUERY", GRAPH_NAME, _params_header(params) + statement.text)
        replies = pipe.execute(raise_on_error=False)
        errors = [r for r in replies if isinstance(r, Exception)]
        if errors:
            raise StoreError(f"FalkorDB refused a write: {errors[0]}")
        out = []
        for i, reply in enumerate(replies):
            # A reply is [header, rows, statistics], or [statistics] when the statement returns nothing.
            rows = [dict(zip(reply[0], row, strict=True)) for row in reply[1]] if len(reply) == 3 else []
            out.append(rows)
            progress(i)
        return out

    def _create_schema(self) -> None:
        self._check_open()
        for part in self._statements["schema"].parts():
            try:
                self._graph.query(part)
            except Exception as exc:
                if "already indexed" not in str(exc):
                    raise StoreError(f"cannot create the store's indexes: {exc}") from exc
        for label in LABELS:
            try:
                self._client.execute_command("GRAPH.CONSTRAINT", "CREATE", GRAPH_NAME, "UNIQUE", "NODE", label, "PROPERTIES", 1, "id")
            except Exception as exc:
                if "already exists" not in str(exc).lower():
                    raise StoreError(f"cannot create the store's constraints: {exc}") from exc



def _plain(value):
    """FalkorDB hands maps back as OrderedDicts; the store contract is plain dicts and lists."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value
