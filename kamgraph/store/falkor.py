"""What both FalkorDB stores share: the protocol (reads, one MULTI/EXEC transaction per write, schema).

:class:`~kamgraph.store.embedded.EmbeddedStore` runs its own server through
falkordblite; :class:`~kamgraph.store.falkordb_server.FalkorServerStore`
connects to one that runs elsewhere. Both set ``self._client`` (a redis client)
and ``self._graph`` (a falkordb graph) and leave the rest to this class.
"""

from __future__ import annotations

import itertools
import random
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import AbstractContextManager, nullcontext

from kamgraph.store import snapshot_files
from kamgraph.store.base import GRAPH_NAME, LABELS, GraphStore, StoreError
from kamgraph.store.statements import Statement


class _LazyRedis:
    """redis-py, imported on first use: a command reading through :mod:`kamgraph.store.socket_client`
    never needs it (its exceptions are looked up only when one is raised)."""

    def __getattr__(self, name: str):
        import redis as module

        return getattr(module, name)


redis = _LazyRedis()

STAGING_TTL = 24 * 3600  # seconds
WRITE_ATTEMPTS = 50  # writes redone because another writer got in first, before giving up
STAGED_PART = 8  # statements (of up to BATCH_SIZE rows each) sent to the copy in one MULTI/EXEC
COPY_WAIT = 120  # seconds to wait for the server's forked process (a copy, a rewrite of its files) to be free


def _parts(items: Iterable, size: int) -> Iterator[list]:
    part: list = []
    for item in items:
        part.append(item)
        if len(part) == size:
            yield part
            part = []
    if part:
        yield part


class _CopyGone(Exception):
    """The copy a write was staged in was dropped before the write ran: the write starts over."""


def _params_header(params: dict) -> str:
    if not params:
        return ""
    return "CYPHER " + " ".join(f"{key}={_literal(value)}" for key, value in params.items()) + " "


def _literal(value) -> str:
    """A parameter's value as the CYPHER header writes it (falkordb-py's ``stringify_param_value``, without
    importing falkordb-py and redis-py with it; ``tests/test_fixed_cost.py`` holds the two equal)."""
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"' if value else '""'
    if value is None:
        return "null"
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(map(_literal, value)) + "]"
    if isinstance(value, dict):
        parts = []
        for key, item in value.items():
            name = key.decode() if isinstance(key, bytes) else str(key)
            if name == "" or "`" in name:
                raise ValueError(f"a Cypher map key cannot be empty or hold a backtick: {name!r}")
            parts.append(f"`{name}`:{_literal(item)}")
        return "{" + ",".join(parts) + "}"
    return str(value)


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

    def read_together(self, *names: str) -> list[list[dict]]:
        # One MULTI/EXEC: the server runs the reads one after the other with no write between them.
        self._check_open()
        pipe = self._client.pipeline(transaction=True)
        for name in names:
            statement = self._statements[name]
            statement.bind({})  # parameterless only
            pipe.execute_command("GRAPH.RO_QUERY", GRAPH_NAME, statement.text, "--compact")
        out = []
        for reply in pipe.execute(raise_on_error=False):
            if isinstance(reply, Exception):
                if "empty key" in str(reply):
                    out.append([])
                    continue
                raise StoreError(f"FalkorDB could not read the store: {reply}")
            columns = [column[1] for column in reply[0]] if len(reply) == 3 else []
            out.append([dict(zip(columns, map(_value, row), strict=True)) for row in reply[1]] if columns else [])
        return out

    def erase_history(self) -> str:
        """Drop copies left by writers that died, and rewrite the append-only file from what the graph holds now."""
        self._check_open()
        snapshot_files.keep_only(self.cache_dir, None)  # cached snapshots may hold what was deleted
        try:
            for key in self._client.scan_iter(match=f"{GRAPH_NAME}:staging:*"):
                # A writer whose copy goes finds it gone (EXPIRE in its transaction answers 0), or cannot rename it,
                # and starts over or fails whole: a copy taken before this person was forgotten never comes back.
                self._client.delete(key)
            if self._client.config_get("appendonly").get("appendonly") != "yes":
                return "the server keeps no append-only file; its next snapshot holds the graph as it is now"
            deadline = time.monotonic() + COPY_WAIT
            while True:
                try:
                    self._client.bgrewriteaof()
                    break
                except redis.ResponseError:
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.05)  # another rewrite or copy is under way
            while time.monotonic() < deadline:
                info = self._client.info("persistence")
                if not info.get("aof_rewrite_in_progress") and not info.get("aof_rewrite_scheduled"):
                    return ""
                time.sleep(0.05)
            raise StoreError("FalkorDB did not finish rewriting its files in time; run the command again")
        except redis.RedisError as exc:
            raise StoreError(f"FalkorDB could not rewrite its files: {exc}") from exc

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

    def _write(self, work, progress: Callable[[int], None]) -> list[list[dict]]:
        self._check_open()
        self._before_write()
        token = self._token_statement()
        try:
            if not callable(work) and len(work) == 1:
                # One statement: FalkorDB applies a query whole or not at all; the token's MERGE, in the same
                # MULTI/EXEC after it, cannot fail on data (and when the statement fails, a new token costs nothing).
                replies = self._run(GRAPH_NAME, [*work, token])
            else:
                with self._writing():
                    replies = self._staged(work + [token] if not callable(work)
                                           else lambda: itertools.chain(work(), [token]))
        except (redis.ConnectionError, redis.TimeoutError) as exc:
            raise StoreError(f"the connection to FalkorDB broke during the write ({exc}); the write was saved "
                             "whole or not at all, and writing the same data again is safe") from exc
        self._after_write(token[1]["token"])
        out = []
        for i, reply in enumerate(replies[:-1]):  # the last is the token's
            # A reply is [header, rows, statistics], or [statistics] when the statement returns nothing.
            rows = [dict(zip(reply[0], row, strict=True)) for row in reply[1]] if len(reply) == 3 else []
            out.append(rows)
            progress(i)
        return out

    def _writing(self) -> AbstractContextManager:
        """Held around a staged write. Writers that share a machine queue here instead of redoing their work."""
        return nullcontext()

    def _run(self, key: str, work: list[tuple[Statement, dict]], *first: tuple) -> list:
        """Run the statements against graph ``key`` in one MULTI/EXEC; raise if any failed."""
        pipe = self._client.pipeline(transaction=True)
        for command in first:
            pipe.execute_command(*command)
        for statement, params in work:
            pipe.execute_command("GRAPH.QUERY", key, _params_header(params) + statement.text)
        replies = pipe.execute(raise_on_error=False)
        if not all(replies[: len(first)]):  # EXPIRE answers 0 when the copy is gone (erase_history dropped it)
            raise _CopyGone
        replies = replies[len(first):]
        errors = [r for r in replies if isinstance(r, Exception)]
        if errors:
            raise StoreError(f"FalkorDB refused a write, nothing was saved: {errors[0]}")
        return replies

    def _staged(self, work) -> list:
        """Write into a copy of the graph and swap the copy in: a statement that fails leaves nothing behind.

        Redis does not roll back a MULTI/EXEC when a statement in it fails at run time; the statements
        before it stay applied. So the statements run against a copy of the graph (``GRAPH.COPY``),
        and one transaction renames the copy into place. ``WATCH`` cancels that transaction if another
        writer changed the graph after the copy was taken; the write is then done again on a new copy.
        A failure, or a crash before the rename, leaves the graph as it was; a copy left by a writer
        that died expires after :data:`STAGING_TTL` seconds. ``work`` is a list of statements, or a function
        that yields them (called again when the write starts over).
        """
        for attempt in range(WRITE_ATTEMPTS):
            staging = f"{GRAPH_NAME}:staging:{uuid.uuid4().hex}"
            try:
                with self._client.pipeline(transaction=True) as swap:
                    swap.watch(GRAPH_NAME)  # on a connection of its own: the MULTI/EXEC below would clear it
                    self._copy(staging)
                    replies = []
                    # In parts, each its own MULTI/EXEC on the copy, so that a write too large to hold at once
                    # (work given as a function) never is; each part first checks that the copy is still there.
                    for part in _parts(work() if callable(work) else work, STAGED_PART):
                        replies += self._run(staging, part, ("EXPIRE", staging, STAGING_TTL))
                    swap.multi()
                    swap.rename(staging, GRAPH_NAME)
                    swap.persist(GRAPH_NAME)
                    swap.execute()
                    return replies
            except (redis.WatchError, _CopyGone):
                time.sleep(random.uniform(0, 0.01 * (attempt + 1)))
            except redis.ResponseError as exc:
                raise StoreError(f"FalkorDB could not complete the write, nothing was saved: {exc}") from exc
            finally:
                try:
                    self._client.delete(staging)  # gone already when it was renamed into place
                except redis.RedisError:
                    pass  # the server is gone; the copy expires
                # Leave exactly one connection open, as before the write: the embedded store and its keeper count
                # connections to know who is still using the server (none open would read as "this process left").
                self._client.connection_pool.disconnect(inuse_connections=False)
                try:
                    self._client.ping()
                except redis.RedisError:
                    pass  # the server is gone; the next command says so
        raise StoreError("other writers kept changing the store during this write; nothing was saved, try again")

    def _copy(self, staging: str) -> None:
        """Copy the graph to ``staging``. FalkorDB copies in a forked process, and a server runs one at a time."""
        deadline = time.monotonic() + COPY_WAIT
        while True:
            try:
                self._client.execute_command("GRAPH.COPY", GRAPH_NAME, staging)
                return
            except redis.ResponseError as exc:
                if "empty key" in str(exc):  # no graph yet: create it (its schema) and copy that
                    self._create_schema()
                elif "fork" not in str(exc) or time.monotonic() > deadline:
                    raise StoreError(f"FalkorDB could not prepare the write, nothing was saved: {exc}") from exc
                time.sleep(0.01)

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
