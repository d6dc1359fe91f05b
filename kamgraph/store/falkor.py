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
        # The compact reply ([header, rows, stats], each cell [type, value]) read by _value: falkordb-py's
        # general result parser takes several times as long for an account's thousands of people.
        reply = self._query(statement, params, "--compact")
        if len(reply) != 3:
            return []
        names = [column[1] for column in reply[0]]
        return [dict(zip(names, map(_value, row), strict=True)) for row in reply[1]]

    def _read_column(self, statement: Statement, params: dict) -> list:
        # The plain reply, in which a text cell is just the text: an account's 100,000s of packed
        # interactions read back fastest that way.
        reply = self._query(statement, params)
        return [row[0] for row in reply[1]] if len(reply) == 3 else []

    def _query(self, statement: Statement, params: dict, *flags: str) -> list:
        self._check_open()
        try:
            return self._client.execute_command("GRAPH.RO_QUERY", GRAPH_NAME, _params_header(params) + statement.text,
                                                *flags)
        except redis.ResponseError as exc:
            if "empty key" in str(exc):  # nothing has been written yet: the graph does not exist
                return []
            raise StoreError(f"FalkorDB could not run {statement.name}: {exc}") from exc

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



# The compact reply's cell types (FalkorDB's result-set docs) that kamgraph's statements return.
_NULL, _STRING, _INTEGER, _BOOLEAN, _DOUBLE, _ARRAY, _MAP = 1, 2, 3, 4, 5, 6, 10


def _value(cell: list):
    """A plain Python value from a compact-reply cell ``[type, value]``."""
    kind, value = cell
    if kind == _STRING or kind == _NULL:
        return value
    if kind == _INTEGER:
        return int(value)
    if kind == _DOUBLE:
        return float(value)
    if kind == _BOOLEAN:
        return value == "true"
    if kind == _MAP:
        return {value[i]: _value(value[i + 1]) for i in range(0, len(value), 2)}
    if kind == _ARRAY:
        return [_value(v) for v in value]
    raise StoreError(f"FalkorDB returned a value of type {kind}, which kamgraph's statements never ask for")
