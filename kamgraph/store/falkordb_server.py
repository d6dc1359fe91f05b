"""A FalkorDB server that runs on its own (``docker compose --profile falkordb up -d``), reached over TCP.

``falkordb://[user:password@]host:port`` — the password may instead come from
``FALKORDB_PASSWORD``. The server's owner decides on persistence (the compose
file turns the append-only file on).
"""

from __future__ import annotations

import os
from urllib.parse import unquote, urlsplit

import redis
from falkordb import FalkorDB

from kamgraph.store.base import GRAPH_NAME, StoreError
from kamgraph.store.falkor import FalkorStore

DEFAULT_PORT = 6379


class FalkorServerStore(FalkorStore):
    def __init__(self, url: str):
        super().__init__()
        parts = urlsplit(url)
        self.location = f"falkordb://{parts.hostname or 'localhost'}:{parts.port or DEFAULT_PORT}"
        password = unquote(parts.password) if parts.password else os.environ.get("FALKORDB_PASSWORD")
        try:
            self._db = FalkorDB(host=parts.hostname or "localhost", port=parts.port or DEFAULT_PORT,
                                username=unquote(parts.username) if parts.username else None, password=password,
                                socket_timeout=None, socket_connect_timeout=5)
            self._client = self._db.connection
            self._client.ping()
        except redis.AuthenticationError:
            raise StoreError(f"FalkorDB at {self.location} refused the credentials") from None
        except (redis.RedisError, OSError) as exc:
            raise StoreError(f"cannot reach FalkorDB at {self.location}: {exc}") from exc
        self._graph = self._db.select_graph(GRAPH_NAME)

    def close(self) -> None:
        client, self._client = self._client, None
        if client is not None:
            client.close()
