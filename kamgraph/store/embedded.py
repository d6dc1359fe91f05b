"""The embedded store: a real FalkorDB server in a file, started on demand through ``falkordblite``.

Several kamgraph processes may open one store at once. falkordblite shares a
running server between the processes that open the same file, but two that
start at the same moment each start a server of their own and the last to save
wins. So opening and closing happen under an exclusive file lock beside the
database: the first process starts the server, the others attach to it, and the
last one to leave stops it. Opened with ``idle`` > 0 (the CLI does), the server
outlives the process for that many idle seconds, watched by a keeper
(:mod:`kamgraph.store.server_lifecycle`), so the next command need not start it.

Durability: the append-only file is on with ``appendfsync always``, so a write
the store acknowledged is on disk before the reply. A whole import is written
into a copy of the graph that one transaction then renames into place (see
:meth:`~kamgraph.store.falkor.FalkorStore._staged`): if a statement fails or
the process dies midway, the graph is as it was (Redis also reverts an
incomplete MULTI at the end of the append-only file when it loads).
"""

from __future__ import annotations

import atexit
import json
import os
import shutil
import time
from pathlib import Path

from kamgraph.store import snapshot_files
from kamgraph.store.base import GRAPH_NAME, StoreError
from kamgraph.store.falkor import FalkorStore, redis
from kamgraph.store.server_lifecycle import (
    DB_FILENAME,
    LOCK_FILENAME,
    _registry,
    _server_pid,
    ensure_keeper,
    exclusive,
    keeper_pid,
)

WRITE_LOCK_FILENAME = "write.lock"
SERVER_CONFIG = {"appendonly": "yes", "appendfsync": "always"}
APPEND_ONLY_SLACK = 4 << 20  # bytes of statements to replay at start that are not worth a rewrite at close


class EmbeddedStore(FalkorStore):
    """kamgraph's default store: FalkorDB embedded in a directory (``.kamgraph/`` unless told otherwise)."""

    def __init__(self, home: str | os.PathLike, *, idle: float = 0):
        super().__init__()
        self.home = Path(home).expanduser().resolve()
        self.location = str(self.home)
        try:
            self.home.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"cannot create the store directory {self.home}: {exc.strerror}") from exc
        self._lock = self.home / LOCK_FILENAME
        self._idle = idle
        self._db = None
        try:
            with exclusive(self._lock):
                attached = idle > 0 and self._attach(idle)
                if not attached:
                    self._forget_dead_server()
                    self._connect()
                    if idle > 0:  # under the lock, connected: the keeper never sees a moment with nobody attached
                        ensure_keeper(self.home, self._db.client.pid, idle)
        except Exception as exc:  # the server failed to start: say where, keep the cause for --debug
            raise StoreError(f"cannot open the embedded store in {self.home}: {exc}") from exc
        # Runs before falkordblite's own exit hook (atexit is last-in, first-out), so leaving is locked too.
        atexit.register(self.close)

    def _connect(self) -> None:
        """Start the server, or attach to the running one, through falkordblite (the full client)."""
        from redis.backoff import NoBackoff
        from redis.retry import Retry
        from redislite.falkordb_client import FalkorDB

        # No retries: on a local socket they only delay the error (and the SHUTDOWN in close()).
        # No socket timeout: redis-py's default of 5 s would cut off a large import mid-transaction.
        self._db = FalkorDB(
            str(self.home / DB_FILENAME), serverconfig=dict(SERVER_CONFIG), retry=Retry(NoBackoff(), 0),
            socket_timeout=None,
        )
        self._client = self._db.client
        self._graph = self._db.select_graph(GRAPH_NAME)

    def _attach(self, idle: float) -> bool:
        """Attach to a running server that a keeper watches with the small socket client; False if there is none.

        Called under the store's lock. The connection counts as a client of the server, so neither the keeper nor
        another command stops the server while this store is open.
        """
        try:
            from kamgraph.store.socket_client import SocketClient
        except ImportError:  # no hiredis: the full client does everything
            return False
        settings = _registry(self.home)
        pid = _server_pid(settings) if settings else None
        if pid is None or keeper_pid(self.home, pid) is None:
            return False
        try:
            client = SocketClient(settings["unixsocket"], pid, self._upgrade)
        except OSError:
            return False  # gone since its note was written: the full client starts a new one
        try:
            if not client.ping():
                raise OSError("no answer")
        except Exception:
            client.close()
            return False
        ensure_keeper(self.home, pid, idle)  # the keeper is alive: this only passes on the idle period asked for
        self._client = client
        self._graph = None
        self._db = client
        return True

    def _upgrade(self, keep: bool = True):
        """The full client in place of the socket client (a write, a transaction, the server's details).

        Made under the store's lock, as an opening is (the store's lock is never held while the client is used, so
        this cannot wait on itself); the socket client's connection holds the server up until then.
        """
        light = self._client
        with exclusive(self._lock):
            self._forget_dead_server()
            self._connect()
            if keep and self._idle > 0:
                ensure_keeper(self.home, self._db.client.pid, self._idle)
        light.close()
        return self._client

    def _create_schema(self) -> None:
        if self._graph is None and self._client is not None:  # attached by the socket client: writes need the full one
            self._upgrade()
        super()._create_schema()

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

    @staticmethod
    def _settle_append_only_file(client, timeout: float = 300) -> None:
        """Leave the append-only file as a snapshot, so the next start loads it instead of replaying writes.

        After a large import the file ends with the import's statements; the server rewrites it in the
        background once it has grown enough, and stopping the server would cut that rewrite off. Then the
        next command to open the store replays the whole import first (16 s instead of about 1 s, measured
        for 300 accounts and 290,000 interactions). So finish a rewrite under way, or start one when the
        statements to replay outweigh the snapshot, before stopping. Failing that, the data is safe anyway.
        """
        try:
            info = client.info("persistence")
            replay = info.get("aof_current_size", 0) - info.get("aof_base_size", 0)
            if not info.get("aof_rewrite_in_progress") and replay > max(info.get("aof_base_size", 0), APPEND_ONLY_SLACK):
                client.bgrewriteaof()
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline:
                info = client.info("persistence")
                if not info.get("aof_rewrite_in_progress") and not info.get("aof_rewrite_scheduled"):
                    return
                time.sleep(0.05)
        except redis.RedisError:
            return

    @property
    def cache_dir(self) -> Path:
        """Snapshots cached by :mod:`kamgraph.snapshot_cache`, in the store's own directory."""
        return self.home / snapshot_files.CACHE_DIRNAME

    def _writing(self):
        """Writers on this machine take turns (a write redone because another got in first would waste its work)."""
        return exclusive(self.home / WRITE_LOCK_FILENAME)

    @property
    def server_pid(self) -> int:
        """The process id of the FalkorDB server this store talks to."""
        return self._client.pid

    def close(self) -> None:
        """Detach from the server; the last process to leave stops it (its data is on disk already)."""
        db, self._db = getattr(self, "_db", None), None
        if db is None:
            return
        if db is self._client:  # the socket client: the keeper stops the server once nobody is attached
            if self.home.exists():
                with exclusive(self._lock):
                    kept = keeper_pid(self.home, db.pid) is not None
            if not self.home.exists() or kept:
                self._client = None
                atexit.unregister(self.close)
                db.close()
                return
            self._upgrade(keep=False)  # the keeper is gone: leave as the last process always has
            db, self._db = self._db, None
        self._client = None
        atexit.unregister(self.close)
        client = db.client
        if not self.home.exists():  # the directory was removed under us: nothing left to share or stop
            client.connection_pool.disconnect()
            return
        with exclusive(self._lock):
            try:
                # A keeper (see __init__) stops the server once it has been idle long enough.
                if (client._is_redis_running() and client._connection_count() <= 1
                        and keeper_pid(self.home, client.pid) is None):
                    self._stop_server(client)
            finally:
                client.connection_pool.disconnect()
                # Leave falkordblite's own exit hook nothing to do: it waits for a server that a
                # parent which does not reap children (some containers' init) leaves as a zombie.
                client.pidfile = None
                client.running = False

    def _stop_server(self, client) -> None:
        import psutil

        self._settle_append_only_file(client)
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
