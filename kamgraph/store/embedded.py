"""The embedded store: a real FalkorDB server in a file, started on demand through ``falkordblite``.

Several kamgraph processes may open one store at once. falkordblite shares a
running server between the processes that open the same file, but two that
start at the same moment each start a server of their own and the last to save
wins. So opening and closing happen under an exclusive file lock beside the
database: the first process starts the server, the others attach to it, and the
last one to leave stops it.

Durability: the append-only file is on with ``appendfsync always``, so a write
the store acknowledged is on disk before the reply. A whole import is sent as
one MULTI/EXEC transaction; if the process dies midway, the server discards the
unfinished transaction (Redis reverts an incomplete MULTI at the end of the
append-only file when it loads).
"""

from __future__ import annotations

import atexit
import fcntl
import json
import os
import shutil
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import psutil
import redis
from falkordb.helpers import stringify_param_value
from redis.backoff import NoBackoff
from redis.retry import Retry
from redislite.falkordb_client import FalkorDB

from kamgraph.store.base import GRAPH_NAME, LABELS, GraphStore, StoreError
from kamgraph.store.statements import Statement

DB_FILENAME = "kamgraph.db"
LOCK_FILENAME = "store.lock"
SERVER_CONFIG = {"appendonly": "yes", "appendfsync": "always"}


@contextmanager
def _exclusive(lock_path: Path) -> Iterator[None]:
    with open(lock_path, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _params_header(params: dict) -> str:
    if not params:
        return ""
    return "CYPHER " + " ".join(f"{key}={stringify_param_value(value)}" for key, value in params.items()) + " "


class EmbeddedStore(GraphStore):
    """kamgraph's default store: FalkorDB embedded in a directory (``.kamgraph/`` unless told otherwise)."""

    dialect = "falkordb"

    def __init__(self, home: str | os.PathLike):
        super().__init__()
        self.home = Path(home).expanduser().resolve()
        self.location = str(self.home)
        try:
            self.home.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot create the store directory {self.home}: {exc.strerror}") from exc
        self._lock = self.home / LOCK_FILENAME
        try:
            with _exclusive(self._lock):
                self._forget_dead_server()
                # No retries: on a local socket they only delay the error (and the SHUTDOWN in close()).
                # No socket timeout: redis-py's default of 5 s would cut off a large import mid-transaction.
                self._db = FalkorDB(
                    str(self.home / DB_FILENAME), serverconfig=dict(SERVER_CONFIG), retry=Retry(NoBackoff(), 0),
                    socket_timeout=None,
                )
        except Exception as exc:  # the server failed to start: say where, keep the cause for --debug
            raise StoreError(f"cannot open the embedded store in {self.home}: {exc}") from exc
        self._client = self._db.client
        self._graph = self._db.select_graph(GRAPH_NAME)
        # Runs before falkordblite's own exit hook (atexit is last-in, first-out), so leaving is locked too.
        atexit.register(self.close)

    def _forget_dead_server(self) -> None:
        """Drop falkordblite's note of a running server if that server is gone (a crash, a kill -9).

        Otherwise falkordblite trusts the note, tries the dead server's socket and fails, whenever
        the dead server's process id still exists (reused, or a zombie nobody reaped).
        """
        registry = self.home / f"{DB_FILENAME}.settings"
        try:
            socket = json.loads(registry.read_text())["unixsocket"]
        except (OSError, ValueError, KeyError, TypeError):
            return
        try:
            redis.Redis(unix_socket_path=socket, socket_timeout=2, socket_connect_timeout=2).ping()
        except redis.RedisError:
            registry.unlink(missing_ok=True)

    @property
    def server_pid(self) -> int:
        """The process id of the FalkorDB server this store talks to."""
        return self._client.pid

    def close(self) -> None:
        """Detach from the server; the last process to leave stops it (its data is on disk already)."""
        db, self._db = getattr(self, "_db", None), None
        if db is None:
            return
        atexit.unregister(self.close)
        client = db.client
        if not self.home.exists():  # the directory was removed under us: nothing left to share or stop
            client.connection_pool.disconnect()
            return
        with _exclusive(self._lock):
            try:
                if client._is_redis_running() and client._connection_count() <= 1:
                    self._stop_server(client)
            finally:
                client.connection_pool.disconnect()
                # Leave falkordblite's own exit hook nothing to do: it waits for a server that a
                # parent which does not reap children (some containers' init) leaves as a zombie.
                client.pidfile = None
                client.running = False

    def _stop_server(self, client) -> None:
        pid = client.pid
        run_dir = Path(client.pidfile).parent
        try:
            client.shutdown(save=True, now=True, force=True)
        except redis.ConnectionError:
            pass  # the server drops the connection as it stops
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                if psutil.Process(pid).status() == psutil.STATUS_ZOMBIE:
                    break
            except psutil.NoSuchProcess:
                break
            time.sleep(0.01)
        (self.home / f"{DB_FILENAME}.settings").unlink(missing_ok=True)
        shutil.rmtree(run_dir, ignore_errors=True)

    def _check_open(self) -> None:
        if self._db is None:
            raise StoreError("the store is closed")

    def _read(self, statement: Statement, params: dict) -> list[dict]:
        self._check_open()
        try:
            result = self._graph.ro_query(statement.text, params or None)
        except redis.ResponseError as exc:
            if "empty key" in str(exc):  # nothing has been written yet: the graph does not exist
                return []
            raise StoreError(f"the embedded store could not run {statement.name}: {exc}") from exc
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
            raise StoreError(f"the embedded store could not run {statement.name}: {exc}") from exc
        return [row[0][1] for row in reply[1]] if len(reply) == 3 else []

    def _write(self, work: list[tuple[Statement, dict]], progress: Callable[[int], None]) -> list[list[dict]]:
        self._check_open()
        pipe = self._client.pipeline(transaction=True)
        for statement, params in work:
            pipe.execute_command("GRAPH.QUERY", GRAPH_NAME, _params_header(params) + statement.text)
        replies = pipe.execute(raise_on_error=False)
        errors = [r for r in replies if isinstance(r, Exception)]
        if errors:
            raise StoreError(f"the embedded store refused a write: {errors[0]}")
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
