"""The shared store: a Neo4j server through the official driver.

Credentials come from ``NEO4J_USERNAME`` and ``NEO4J_PASSWORD`` (as Neo4j's own
tools name them) or from the URL (``bolt://user:password@host``), never from a
file, and are never printed: the store's location is the URL without them. A whole import runs
in one managed transaction: it commits entirely or not at all, and the driver
retries it when Neo4j reports a transient error.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from urllib.parse import unquote, urlsplit, urlunsplit

from kamgraph.store.base import GraphStore, StoreError
from kamgraph.store.statements import Statement


class Neo4jStore(GraphStore):
    dialect = "neo4j"

    def __init__(self, uri: str, *, username: str | None = None, password: str | None = None, database: str | None = None):
        super().__init__()
        import neo4j
        from neo4j.exceptions import AuthError, ConfigurationError, Neo4jError, ServiceUnavailable

        self._errors = (Neo4jError, ServiceUnavailable, OSError)
        # Credentials written into the URL are taken from it and never shown: location and messages use the URL without them.
        parts = urlsplit(uri)
        if parts.username is not None or parts.password is not None:
            username = username if username is not None else unquote(parts.username or "") or None
            password = password if password is not None else (unquote(parts.password) if parts.password else None)
            uri = urlunsplit(parts._replace(netloc=parts.netloc.rpartition("@")[2]))
        self.location = uri
        username = username if username is not None else os.environ.get("NEO4J_USERNAME", "neo4j")
        password = password if password is not None else os.environ.get("NEO4J_PASSWORD")
        if password is None:
            raise StoreError("set NEO4J_PASSWORD (and NEO4J_USERNAME if it is not 'neo4j') to use a Neo4j store")
        self._database = database or os.environ.get("NEO4J_DATABASE") or None
        try:
            self._driver = neo4j.GraphDatabase.driver(uri, auth=(username, password))
            self._driver.verify_connectivity()
        except AuthError:
            raise StoreError(f"Neo4j at {uri} refused the credentials in NEO4J_USERNAME / NEO4J_PASSWORD") from None
        except (ServiceUnavailable, OSError, ValueError, ConfigurationError) as exc:
            raise StoreError(f"cannot reach Neo4j at {uri}: {exc}") from exc

    def close(self) -> None:
        driver, self._driver = getattr(self, "_driver", None), None
        if driver is not None:
            driver.close()

    def _session(self):
        if self._driver is None:
            raise StoreError("the store is closed")
        return self._driver.session(database=self._database)

    def _read(self, statement: Statement, params: dict) -> list[dict]:
        try:
            with self._session() as session:
                return session.execute_read(lambda tx: [r.data() for r in tx.run(statement.text, params)])
        except self._errors as exc:
            raise StoreError(f"Neo4j could not run {statement.name}: {exc}") from exc

    def read_together(self, *names: str) -> list[list[dict]]:
        statements = [self._statements[name] for name in names]
        try:
            with self._session() as session:
                return session.execute_read(lambda tx: [[r.data() for r in tx.run(s.text, {})] for s in statements])
        except self._errors as exc:
            raise StoreError(f"Neo4j could not read the store: {exc}") from exc

    def erase_history(self) -> str:
        return ("Neo4j keeps transaction logs and backups of its own: its administrator prunes them "
                "(db.tx_log.rotation.retention_policy) for the data to be gone from them too")

    def _write(self, work, progress: Callable[[int], None]) -> list[list[dict]]:
        self._before_write()
        token = self._token_statement()

        def run(tx) -> list[list[dict]]:  # run again from the start when the driver retries (work a function)
            out = [[r.data() for r in tx.run(statement.text, params)]
                   for statement, params in (work() if callable(work) else work)]
            tx.run(token[0].text, token[1]).consume()  # the write's new token, in its transaction
            return out

        try:
            with self._session() as session:
                # A managed transaction: the driver runs it again when Neo4j reports a transient error
                # (a deadlock with another writer, a leader switch in a cluster); it commits whole or not at all.
                out = session.execute_write(run)
        except self._errors as exc:
            raise StoreError(f"Neo4j refused the write, nothing was saved: {exc}") from exc
        self._after_write(token[1]["token"])
        for i in range(len(out)):
            progress(i)
        return out

    def _create_schema(self) -> None:
        try:
            with self._session() as session:
                for part in self._statements["schema"].parts():
                    session.run(part).consume()
        except self._errors as exc:
            raise StoreError(f"cannot create constraints in Neo4j: {exc}") from exc
