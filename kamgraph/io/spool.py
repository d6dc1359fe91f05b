"""Interactions spooled to a temporary file while a mailbox or calendar is read, so memory does not grow with it.

A mailbox of 100,000s of messages makes as many interactions; they must all be
read and checked before the store is written (all or nothing), but need not be
held in memory meanwhile. :class:`InteractionSpool` keeps them in a temporary
SQLite database (the standard library's ``sqlite3``: an unnamed database lives in
a temporary file that is deleted when it is closed) and hands them back in
parts of a fixed size, as often as asked (a write that has to start over reads
them again). It also remembers which message or meeting ids it has seen, for the
same message kept in two folders.

>>> from kamgraph.model import Interaction
>>> with InteractionSpool() as spool:
...     spool.first_time("m1"), spool.first_time("m1")
...     spool.add(Interaction("m1", "email", "2026-01-05", "A", ("s1", "c1")))
...     len(spool), spool.rows, [i.id for part in spool.parts(10) for i in part]
(True, False)
(1, 5, ['m1'])
"""

from __future__ import annotations

import pickle
import sqlite3
from collections.abc import Iterator
from dataclasses import fields

from kamgraph.model import Interaction, Origin

_FIELDS = tuple(f.name for f in fields(Interaction) if f.name != "origin")  # origin: kept as its plain values


def _interaction(record: tuple) -> Interaction:
    *values, source, row = record
    return Interaction(*values, origin=Origin(source, row) if source is not None else None)


class InteractionSpool:
    """Interactions kept in a temporary file, in the order added (see the module's description)."""

    def __init__(self) -> None:
        self._db = sqlite3.connect("")  # "": a private temporary database on disk, removed on close
        self._db.execute("CREATE TABLE seen (id TEXT PRIMARY KEY) WITHOUT ROWID")
        self._db.execute("CREATE TABLE spooled (n INTEGER PRIMARY KEY, record BLOB NOT NULL)")
        self._count = 0
        self.rows = 0  # the rows the store's write plan makes of them (kamgraph.store.base.write_plan)
        self._pending: list[tuple[int, bytes]] = []

    def first_time(self, exchange_id: str) -> bool:
        """True the first time a message or meeting id is offered, False after."""
        return self._db.execute("INSERT OR IGNORE INTO seen VALUES (?)", (exchange_id,)).rowcount == 1

    def add(self, interaction: Interaction) -> None:
        origin = interaction.origin
        record = (*(getattr(interaction, name) for name in _FIELDS),
                  *((origin.source, origin.row) if origin is not None else (None, None)))
        self._pending.append((self._count, pickle.dumps(record, protocol=pickle.HIGHEST_PROTOCOL)))
        self._count += 1
        # a move, the interaction, the participants it keeps, and one row per participant
        self.rows += 3 + len(set(interaction.participants))
        if len(self._pending) >= 1000:
            self._flush()

    def _flush(self) -> None:
        if self._pending:
            self._db.executemany("INSERT INTO spooled VALUES (?, ?)", self._pending)
            self._pending.clear()

    def __len__(self) -> int:
        return self._count

    def parts(self, size: int) -> Iterator[list[Interaction]]:
        """The interactions in order, ``size`` at a time (each call reads them again from the start)."""
        self._flush()
        for start in range(0, self._count, size):
            cursor = self._db.execute("SELECT record FROM spooled WHERE n >= ? AND n < ? ORDER BY n",
                                      (start, start + size))
            yield [_interaction(pickle.loads(record)) for (record,) in cursor]

    def first(self, n: int) -> list[Interaction]:
        """The first ``n`` interactions (what a dry run shows)."""
        return next(self.parts(n), []) if n else []

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> InteractionSpool:
        return self

    def __exit__(self, *exc) -> None:
        self.close()
