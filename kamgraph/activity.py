"""The interaction log of a snapshot: every meeting, call, email and task, and who took part.

An account can have hundreds of thousands of interactions, so the log keeps
them column by column (ids, dates, kinds, accounts, and the participants as one
flat run of codes) rather than as a dict each. Analyses read it whole, as numpy
arrays (:meth:`InteractionLog.participations`, :meth:`InteractionLog.day_numbers`);
a person reads it one interaction at a time by iterating over it.

A snapshot keeps its log in ``graph.graph["interactions"]``;
:func:`interaction_log` returns it, turning a plain list of dicts (a graph
built by hand) into a log first.

Examples
--------
>>> log = InteractionLog()
>>> log.add("i1", "2026-01-05", "meeting", ["s", "c"], account="A")
>>> len(log), next(iter(log))["participants"]
(1, ['c', 's'])
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator

import numpy as np

UNDATED = -1  # the day number of an interaction without a date


class InteractionLog:
    """Interactions in columns; participants are codes into :attr:`people`."""

    def __init__(self) -> None:
        self.ids: list[str] = []
        self.dates: list[str | None] = []
        self.kinds: list[str | None] = []
        self.accounts: list[str | None] = []
        self.people: list[str] = []  # everyone who took part in something, each once
        self._code: dict[str, int] = {}
        self._codes: list[int] = []  # participant codes, interaction after interaction
        self._ends: list[int] = []  # where each interaction's run of codes ends
        self._arrays: dict[str, np.ndarray] = {}

    def __len__(self) -> int:
        return len(self.ids)

    def __repr__(self) -> str:
        return f"<InteractionLog: {len(self)} interactions, {len(self.people)} people>"

    def __iter__(self) -> Iterator[dict]:
        """Each interaction as ``{"id", "date", "kind", "account", "participants"}``."""
        start = 0
        for k, end in enumerate(self._ends):
            yield {"id": self.ids[k], "date": self.dates[k], "kind": self.kinds[k], "account": self.accounts[k],
                   "participants": [self.people[c] for c in self._codes[start:end]]}
            start = end

    def add(self, id: str, date: str | None, kind: str | None, participants: Iterable[str],
            account: str | None = None) -> None:
        """Record one interaction (each participant counts once)."""
        self.add_rows([[id, date or "", kind or "", *sorted(set(participants))]], account)

    def add_rows(self, rows: Iterable[list[str]], account: str) -> None:
        """Record interactions read from a store: ``[id, date, kind, participant, …]`` with "" for no date or kind."""
        ids, dates, kinds, codes, ends = self.ids, self.dates, self.kinds, self._codes, self._ends
        code, people = self._code, self.people
        for row in rows:
            ids.append(row[0])
            dates.append(row[1] or None)
            kinds.append(row[2] or None)
            for pid in row[3:]:
                if pid:
                    c = code.get(pid)
                    if c is None:
                        c = code[pid] = len(people)
                        people.append(pid)
                    codes.append(c)
            ends.append(len(codes))
        self.accounts += [account] * (len(ids) - len(self.accounts))
        self._arrays.clear()

    # -- whole columns, for analyses -------------------------------------------------

    def participations(self) -> tuple[np.ndarray, np.ndarray]:
        """``(interaction, person)``: for every participation, the interaction's index and the person's code.

        Both are grouped by interaction, in log order.
        """
        if "interaction" not in self._arrays:
            ends = np.asarray(self._ends, dtype=np.int64)
            sizes = np.diff(ends, prepend=0)
            self._arrays["interaction"] = np.repeat(np.arange(len(ends), dtype=np.int64), sizes)
            self._arrays["person"] = np.asarray(self._codes, dtype=np.int64)
        return self._arrays["interaction"], self._arrays["person"]

    def day_numbers(self) -> np.ndarray:
        """Each interaction's date as a proleptic Gregorian ordinal (:data:`UNDATED` for none)."""
        if "day" not in self._arrays:
            ordinal = {d: dt.date.fromisoformat(d).toordinal() for d in set(self.dates) if d}
            self._arrays["day"] = np.asarray([ordinal.get(d, UNDATED) for d in self.dates], dtype=np.int64)
        return self._arrays["day"]


def interaction_log(graph) -> InteractionLog:
    """The snapshot's :class:`InteractionLog`; a new one made from ``graph.graph["interactions"]`` if that is a plain list.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.MultiDiGraph(interactions=[{"id": "i1", "date": "2026-01-05", "kind": "call", "participants": ["s", "c"]}])
    >>> interaction_log(g).people
    ['c', 's']
    """
    found = graph.graph.get("interactions")
    if isinstance(found, InteractionLog):
        return found
    log = InteractionLog()
    for i in found or []:
        log.add(i["id"], i.get("date"), i.get("kind"), i.get("participants", []), account=i.get("account"))
    return log
