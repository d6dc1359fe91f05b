"""How long the embedded store's server lives: kept up for a short idle period, then stopped by a keeper.

Starting the server costs a command most of its time (it reads the whole store
file: about 1.4 s for a 300-account portfolio), so a command that opens the
store with ``idle`` > 0 leaves the server running when it exits, and the next
command attaches to it in milliseconds. A small keeper process, started with
the server, watches it: once no client has been connected for ``idle``
seconds, it takes the store's lock, looks again, and stops the server the way
the last process to leave always has (append-only file settled, then
``SHUTDOWN``). The keeper ends with the server, whoever stops it
(``kamgraph store stop``, :func:`stop_server`, a crash).

What does not change: one server per store (opening, stopping and the
keeper's check all happen under the store's exclusive lock), and durability
(the append-only file with ``appendfsync always``: an acknowledged write is on
disk whether the server stays up or not).

``KAMGRAPH_SERVER_IDLE`` sets the idle period in seconds for the CLI
(default :data:`DEFAULT_IDLE`; ``0`` stops the server when the last command
leaves, as a library caller's :func:`~kamgraph.store.open_store` does by default).
"""

from __future__ import annotations

import fcntl
import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import psutil

from kamgraph.store.base import StoreError

if TYPE_CHECKING:
    import redis  # imported where a client is made: a command that only attaches does not load redis-py

IDLE_ENV = "KAMGRAPH_SERVER_IDLE"
DEFAULT_IDLE = 120.0  # seconds: long enough for the next command of a session, short enough not to linger
DB_FILENAME = "kamgraph.db"
LOCK_FILENAME = "store.lock"
KEEPER_FILENAME = "server.keeper"
KEEPER_CLIENT_NAME = "kamgraph-keeper"  # how the keeper's connection is told apart from a command's


def idle_from_environment(default: float = DEFAULT_IDLE) -> float:
    """The idle period ``KAMGRAPH_SERVER_IDLE`` asks for (seconds), or ``default``; refuses anything else."""
    text = os.environ.get(IDLE_ENV, "").strip()
    if not text:
        return default
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 <= value <= 86_400:
        raise StoreError(f"{IDLE_ENV}={text!r} is not a number of seconds from 0 to 86400")
    return value


@contextmanager
def exclusive(lock_path: Path) -> Iterator[None]:
    """The store's exclusive lock: opening, stopping and the keeper's last look all hold it."""
    with open(lock_path, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _alive(pid: int | None) -> bool:
    try:
        return bool(pid) and psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.Error:
        return False


def _registry(home: Path) -> dict | None:
    """falkordblite's note of the running server (socket, pidfile), if there is one."""
    try:
        settings = json.loads((home / f"{DB_FILENAME}.settings").read_text())
        return settings if isinstance(settings, dict) and "unixsocket" in settings else None
    except (OSError, ValueError):
        return None


def _server_pid(settings: dict) -> int | None:
    try:
        return int(Path(settings["pidfile"]).read_text().strip())
    except (OSError, ValueError, KeyError, TypeError):
        return None


def keeper_pid(home: Path, server_pid: int) -> int | None:
    """The process id of the live keeper of the server ``server_pid``, or None."""
    try:
        note = json.loads((home / KEEPER_FILENAME).read_text())
        pid = int(note["pid"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return pid if note.get("server") == server_pid and _alive(pid) else None


def ensure_keeper(home: Path, server_pid: int, idle: float) -> None:
    """Start a keeper for the server unless one runs; called under the store's lock by a process that opened it."""
    note = home / KEEPER_FILENAME
    if keeper_pid(home, server_pid) is not None:
        try:
            note_data = json.loads(note.read_text())
        except (OSError, ValueError):
            note_data = None  # the keeper was just leaving with its server; the next command starts afresh
        if note_data and note_data.get("idle") != idle:  # the latest command's setting wins; the keeper rereads it
            note.write_text(json.dumps({**note_data, "idle": idle}))
        return
    # Detached and with no inherited descriptors, so that the command's pipes close when the command exits.
    keeper = subprocess.Popen([sys.executable, "-m", "kamgraph.store.server_lifecycle", str(home), str(server_pid),
                               str(idle)],
                              stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              start_new_session=True, close_fds=True)
    note.write_text(json.dumps({"pid": keeper.pid, "server": server_pid, "idle": idle}))


def _other_clients(client: redis.Redis) -> int:
    """Connections to the server other than ``client``'s own and the keeper's: the processes using the store."""
    own = str(client.client_id())
    return sum(1 for c in client.client_list() if str(c.get("id")) != own and c.get("name") != KEEPER_CLIENT_NAME)


def _stop(home: Path, client: redis.Redis, settings: dict) -> None:
    """Settle the append-only file and shut the server down; the caller holds the lock and checked it is unused."""
    import redis

    from kamgraph.store.embedded import EmbeddedStore  # the one way the store leaves its file

    EmbeddedStore._settle_append_only_file(client)
    pid = _server_pid(settings)
    try:
        client.shutdown(save=True, now=True, force=True)
    except redis.ConnectionError:
        pass  # the server drops the connection as it stops
    deadline = time.monotonic() + 10
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.01)
    (home / f"{DB_FILENAME}.settings").unlink(missing_ok=True)
    if settings.get("pidfile"):
        run_dir = Path(settings["pidfile"]).parent
        for name in ("redis.pid", "redis.socket", "redis.config", "redis.log"):
            (run_dir / name).unlink(missing_ok=True)
        try:
            run_dir.rmdir()
        except OSError:
            pass


def stop_server(home: str | os.PathLike) -> bool:
    """Stop the embedded store's server in ``home`` now; False when none was running.

    Refuses (:class:`StoreError`) while another process is connected to it: that
    process's command is still running, and stopping would cut it off.
    """
    import redis

    home = Path(home).expanduser().resolve()
    if not (home / LOCK_FILENAME).exists():
        return False
    with exclusive(home / LOCK_FILENAME):
        settings = _registry(home)
        if settings is None or not _alive(_server_pid(settings)):
            return False
        client = redis.Redis(unix_socket_path=settings["unixsocket"], socket_timeout=None, socket_connect_timeout=5)
        try:
            busy = _other_clients(client)
            if busy > 0:
                raise StoreError(f"the store's server in {home} is serving {busy} other connection"
                                 f"{'s' if busy != 1 else ''}; try again when those commands have finished")
            _stop(home, client, settings)
        except redis.ConnectionError:
            return False
        finally:
            client.close()
        return True


def _keep(home: Path, server_pid: int, idle: float) -> None:
    """The keeper's loop: stop the server once it has had no other client for the idle period."""
    import redis

    settings = _registry(home)
    if settings is None:
        return
    client = redis.Redis(unix_socket_path=settings["unixsocket"], socket_timeout=30, socket_connect_timeout=5,
                         client_name=KEEPER_CLIENT_NAME)
    last_busy = time.monotonic()
    note = home / KEEPER_FILENAME
    try:
        while _alive(server_pid):
            try:  # a later command may have asked for another idle period
                idle = float(json.loads(note.read_text())["idle"])
            except (OSError, ValueError, KeyError, TypeError):
                pass
            if not home.exists():  # the store was deleted under the server: nothing left to keep
                client.shutdown(nosave=True, now=True, force=True)
                return
            if _other_clients(client):
                last_busy = time.monotonic()
            elif time.monotonic() - last_busy >= idle:
                with exclusive(home / LOCK_FILENAME):
                    if _other_clients(client) == 0:  # nobody attached between the look and the lock
                        _stop(home, client, settings)
                        return
                last_busy = time.monotonic()
            time.sleep(min(1.0, max(0.05, idle / 20)))
    except (redis.RedisError, OSError):
        return  # the server went away (killed, or stopped by store stop): the keeper's job is over
    finally:
        client.close()
        try:
            if json.loads(note.read_text()).get("pid") == os.getpid():
                note.unlink(missing_ok=True)
        except (OSError, ValueError):
            pass


if __name__ == "__main__":
    _keep(Path(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]))
