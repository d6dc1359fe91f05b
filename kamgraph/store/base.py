"""The store seam: what every graph engine behind kamgraph offers.

:class:`GraphStore` holds everything that is the same for both engines: which
statement writes which record, batching, tallying what a write did, and the
reads. An engine subclass supplies only how to run a read, how to run a list of
writes in one transaction, and how to create its schema.
"""

from __future__ import annotations

import abc
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from operator import methodcaller
from pathlib import Path

from kamgraph.bulk import no_cyclic_gc
from kamgraph.errors import KamgraphError
from kamgraph.model import LINK_TYPES, Dataset, properties
from kamgraph.store import snapshot_files
from kamgraph.store.statements import Statement, statements

GRAPH_NAME = "kamgraph"
FIELD_SEPARATOR = "\x1f"  # joins fields in packed rows; ids may not contain control characters (kamgraph.model)
BATCH_SIZE = 5000

# Progress callback: (rows written so far, rows in all).
Progress = Callable[[int, int], None]


class StoreError(KamgraphError):
    """The store could not be reached or refused an operation; the message is for the user."""


@dataclass
class WriteSummary:
    """What a write did, per kind of record: created, updated, unchanged."""

    counts: dict[str, Counter] = field(default_factory=dict)

    def add(self, kind: str, outcome: str, n: int) -> None:
        self.counts.setdefault(kind, Counter())[outcome] += n

    def total(self, outcome: str) -> int:
        return sum(c[outcome] for c in self.counts.values())

    def as_dict(self) -> dict[str, dict[str, int]]:
        return {
            kind: {o: c[o] for o in ("created", "updated", "unchanged")}
            for kind, c in self.counts.items()
        }


@dataclass(frozen=True)
class Step:
    """One write statement with the rows it gets, and the kind of record the rows are."""

    statement: str
    kind: str
    rows: list[dict]


# The statement that writes each kind of person-to-person link (kinds as in kamgraph.model.LINK_TYPES).
LINK_STATEMENTS = {
    "reports_to": "merge_reports_to",
    "influences": "merge_influences",
    "conflict": "merge_conflicts",
    "knows": "merge_knows",
}


def _props_without(record, *ends: str) -> dict:
    """A record's stored properties less the named fields (those the graph holds as edges)."""
    props = properties(record)
    for name in ends:
        props.pop(name, None)
    return props


def _node_row(record, *exclude: str) -> dict:
    return {"id": record.id, "props": _props_without(record, *exclude)}


# Records tied to one account, and the statement that unties them from any other account (a move).
ACCOUNT_TIES = {
    "people": "drop_workplaces",
    "opportunities": "drop_opportunity_accounts",
    "interactions": "drop_interaction_accounts",
}


def _tied(data: Dataset, kind: str) -> list:
    records = getattr(data, kind)
    return [p for p in records if p.side == "customer"] if kind == "people" else records


def write_plan(data: Dataset) -> list[Step]:
    """The write statements for a dataset, nodes before the edges that need them.

    Every record tied to an account is first untied from any other account, and
    every interaction loses the participations its record no longer lists. The
    plan does not depend on what the store holds: read before the write, that
    could change before the write runs (another writer, at the same moment, storing
    the same interaction with other participants) and leave a stale tie behind.
    """
    customers = _tied(data, "people")
    suppliers = [p for p in data.people if p.side == "supplier"]
    steps = [
        Step(drop, "moves", [{"id": r.id, "account": r.account} for r in _tied(data, kind)])
        for kind, drop in ACCOUNT_TIES.items()
    ]
    steps += [
        Step("merge_accounts", "accounts", [_node_row(a) for a in data.accounts]),
        Step("merge_customers", "people", [{**_node_row(p, "account"), "account": p.account} for p in customers]),
        Step("merge_suppliers", "people", [_node_row(p, "account") for p in suppliers]),
        Step(
            "merge_team",
            "team memberships",
            [{"person": t.person, "account": t.account, "props": _props_without(t, "person", "account")} for t in data.team],
        ),
    ]
    for kind, statement in LINK_STATEMENTS.items():
        rows = [
            {"source": link.source, "target": link.target, "props": _props_without(link, "kind", "source", "target")}
            for link in data.links
            if link.kind == kind
        ]
        steps.append(Step(statement, "relationships", rows))
    steps += [
        Step(
            "merge_opportunities",
            "opportunities",
            [{**_node_row(o, "account"), "account": o.account} for o in data.opportunities],
        ),
        Step(
            "merge_account_roles",
            "buying roles",
            [_role_row(r, "account") for r in data.roles if not r.opportunity],
        ),
        Step(
            "drop_replaced_opportunity_roles",
            "moves",
            [{"opportunity": o.id, "keep": sorted(f"{r.person}|{r.role}" for r in data.roles if r.opportunity == o.id)}
             for o in data.opportunities] if data.complete_opportunity_roles else [],
        ),
        Step(
            "merge_opportunity_roles",
            "buying roles",
            [_role_row(r, "opportunity") for r in data.roles if r.opportunity],
        ),
        Step(
            "merge_interactions",
            "interactions",
            [_interaction_row(i) for i in data.interactions],
        ),
        Step(
            "drop_replaced_participants",
            "moves",
            [{"interaction": i.id, "keep": sorted(set(i.participants))} for i in data.interactions],
        ),
        Step(
            "merge_participants",
            "participants",
            [{"person": p, "interaction": i.id} for i in data.interactions for p in i.participants],
        ),
    ]
    return [s for s in steps if s.rows]


def _interaction_row(interaction) -> dict:
    """An interaction keeps its participants' ids on the node too (one text, joined by :data:`FIELD_SEPARATOR`),
    so an account's activity reads back in one pass; a text costs the import less than a list."""
    row = {**_node_row(interaction, "account", "participants"), "account": interaction.account}
    row["props"]["participants"] = FIELD_SEPARATOR.join(sorted(set(interaction.participants)))
    return row


UNPACK_CHUNK = 200_000  # packed interactions unpacked at a time (bounds the texts alive at once)


def unpack_interactions(rows: list[str]) -> dict[str, list]:
    """Columns from packed texts ``id SEP date SEP kind (SEP participant)*`` (see :meth:`GraphStore.account_records`).

    Unpacked column-wise, :data:`UNPACK_CHUNK` rows at a time, and every date, kind and participant id
    shared: an account's 800,000 interactions name a few thousand dates and people, so the columns
    share one text for each instead of holding millions (hundreds of megabytes) of copies.
    """
    import numpy as np  # here, not at the top: a command that only lists accounts need not load numpy

    columns: dict[str, list] = {"id": [], "date": [], "kind": [], "size": [], "participants": []}
    shared: dict[str, str] = {}  # one text for each date, kind and participant id (faster than sys.intern)
    for at in range(0, len(rows), UNPACK_CHUNK):
        _unpack_chunk(np, rows[at : at + UNPACK_CHUNK], columns, shared.setdefault)
    columns["date"] = [d or None for d in columns["date"]]
    columns["kind"] = [k or None for k in columns["kind"]]
    return columns


def _unpack_chunk(np, rows: list[str], columns: dict[str, list], share: Callable[[str, str], str]) -> None:
    fields = np.array(FIELD_SEPARATOR.join(rows).split(FIELD_SEPARATOR), dtype=object)
    width = np.fromiter(map(methodcaller("count", FIELD_SEPARATOR), rows), dtype=np.int64, count=len(rows)) + 1
    start = np.cumsum(width) - width
    participant = np.ones(len(fields), dtype=bool)
    for k in range(3):
        participant[start + k] = False
    empty = np.flatnonzero(participant & (fields == ""))  # an interaction nobody took part in: "id SEP date SEP kind SEP"
    if len(empty):
        participant[empty] = False
        width[np.searchsorted(start, empty, side="right") - 1] -= 1
    columns["id"] += fields[start].tolist()
    for name, values in (("date", fields[start + 1].tolist()), ("kind", fields[start + 2].tolist()),
                         ("participants", fields[participant].tolist())):
        columns[name] += map(share, values, values)
    columns["size"] += (width - 3).tolist()


def _role_row(role, target: str) -> dict:
    props = _props_without(role, "person", "account", "opportunity")
    return {"person": role.person, target: getattr(role, target), "role": role.role, "props": props}


def batches(steps: list[Step], size: int = BATCH_SIZE) -> Iterator[tuple[Step, list[dict]]]:
    for step in steps:
        for start in range(0, len(step.rows), size):
            yield step, step.rows[start : start + size]


class GraphStore(abc.ABC):
    """A graph database holding kamgraph's model. Use :func:`kamgraph.store.open_store` to get one."""

    dialect: str
    location: str

    def __init__(self) -> None:
        self._statements = statements(self.dialect)
        self._schema_ready = False

    # -- what an engine supplies -------------------------------------------------

    @abc.abstractmethod
    def _read(self, statement: Statement, params: dict) -> list[dict]:
        """Run one read statement and return its rows as dicts."""

    @abc.abstractmethod
    def _write(self, work: list[tuple[Statement, dict]] | Callable[[], Iterator[tuple[Statement, dict]]],
               progress: Callable[[int], None]) -> list[list[dict]]:
        """Run the statements in one transaction, all or nothing; call ``progress(i)`` after statement i.

        The engine ends the transaction with :meth:`_token_statement` (its result is not returned), calls
        :meth:`_before_write` before it and :meth:`_after_write` once the write is committed.

        ``work`` is a list, or a function that yields the statements (each call from the start: a write
        started over runs them again) when there are too many to hold at once.
        """

    @abc.abstractmethod
    def _create_schema(self) -> None:
        """Create constraints and indexes; running it again changes nothing."""

    @abc.abstractmethod
    def close(self) -> None:
        """Release the connection."""

    # -- the store token: what the snapshot cache is keyed by ------------------------

    @property
    def cache_dir(self) -> Path | None:
        """Where snapshots of this store are cached (:mod:`kamgraph.snapshot_cache`); None: not cached."""
        return None

    def store_token(self) -> str | None:
        """The token of the store's last write: a fresh random text set by every write, in its own transaction
        (``cypher/set_store_token.cypher``); None for a store nothing has been written to since kamgraph kept one."""
        rows = self.read("store_token")
        return rows[0]["token"] if rows else None

    def _token_statement(self) -> tuple[Statement, dict]:
        """The statement every write ends with (an engine's :meth:`_write` adds it to the write's transaction)."""
        return self._statements["set_store_token"], {"token": uuid.uuid4().hex}

    def _before_write(self) -> None:
        """Called by an engine's :meth:`_write` before it writes: drop cached snapshots of an older state."""
        if self.cache_dir is not None:
            snapshot_files.keep_only(self.cache_dir, self.store_token())

    def _after_write(self, token: str) -> None:
        """Called by an engine's :meth:`_write` once its write is committed with ``token``: every snapshot cached
        before it is out of date (and may hold what the write deleted), so its file goes now."""
        snapshot_files.keep_only(self.cache_dir, token)

    # -- the interface -------------------------------------------------------------

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.location}>"

    def init(self) -> None:
        """Create the constraints and indexes kamgraph relies on, and bring older data up to date (idempotent)."""
        self._create_schema()
        self._write([(self._statements["backfill_participants"], {"sep": FIELD_SEPARATOR})], lambda i: None)
        self._schema_ready = True

    def read(self, name: str, **params) -> list[dict]:
        statement = self._statements[name]
        return self._read(statement, statement.bind(params))

    def read_column(self, name: str, **params) -> list:
        """The values of a statement's single column (an engine may read these faster than whole rows)."""
        statement = self._statements[name]
        return self._read_column(statement, statement.bind(params))

    def _read_column(self, statement: Statement, params: dict) -> list:
        return [next(iter(row.values())) for row in self._read(statement, params)]

    def write(self, data: Dataset, progress: Progress | None = None, batch_size: int = BATCH_SIZE,
              removals: dict[str, list[dict]] | None = None, more=None) -> WriteSummary:
        """Write a validated dataset in one transaction and report what it changed.

        Writes are ``MERGE`` on ids, so writing the same dataset twice changes
        nothing the second time (every record is then ``unchanged``).
        ``removals`` (a sync's) maps a kind of :data:`REMOVALS` to its rows; they
        run first, in the same all-or-nothing write, and are counted as ``removed``.
        ``more`` holds interactions too many to keep in memory
        (:class:`kamgraph.io.spool.InteractionSpool`: ``parts(size)`` yields them
        a part at a time, again on each call; ``rows`` counts the rows they make):
        they are written after ``data``, in the same all-or-nothing write.
        """
        removals = removals or {}
        unknown = set(removals) - set(REMOVALS)
        if unknown:
            raise ValueError(f"cannot remove {sorted(unknown)}; kinds are {sorted(REMOVALS)}")
        if not self._schema_ready:
            self.init()
        steps = [Step(REMOVALS[kind], kind, rows) for kind, rows in removals.items() if rows]
        first = list(batches(steps + write_plan(data), batch_size))
        kinds = [step.kind for step, _ in first]  # the kind of each batch, for the summary
        sizes = [len(rows) for _, rows in first]
        total = sum(sizes) + (more.rows if more is not None else 0)
        done = [0]
        if progress:
            progress(0, total)

        def advance(i: int) -> None:
            done[0] += sizes[i]
            if progress:
                progress(min(done[0], total), total)

        work: list | Callable[[], Iterator] = [(self._statements[step.statement], {"rows": rows}) for step, rows in first]
        if more is not None:
            fixed = work

            def streamed() -> Iterator[tuple[Statement, dict]]:
                # Run again from the start when the engine starts the write over: the kinds and sizes with it.
                del kinds[len(first):], sizes[len(first):]
                yield from fixed
                for part in more.parts(batch_size):
                    for step, rows in batches(write_plan(Dataset(interactions=part)), batch_size):
                        kinds.append(step.kind)
                        sizes.append(len(rows))
                        yield self._statements[step.statement], {"rows": rows}

            work = streamed
        results = self._write(work, advance)
        summary = WriteSummary()
        for kind, rows in zip(kinds, results, strict=True):
            for row in rows:
                summary.add(kind, row["outcome"], row["n"])
        return summary

    def lookup(self, label: str, ids: Iterable[str]) -> dict[str, dict]:
        """Stored properties of those ``ids`` that exist, for label Account, Person or Opportunity."""
        name = {"Account": "lookup_accounts", "Person": "lookup_people", "Opportunity": "lookup_opportunities"}[label]
        found = {}
        for row in self.read(name, ids=list(ids)):
            props = dict(row["props"])
            if "account" in row:
                props["account"] = row["account"]
            found[row["id"]] = props
        return found

    def find_accounts(self, key: str) -> list[dict]:
        """Accounts whose id or exact name is ``key``: ``[{"id", "name"}]``."""
        return self.read("find_account", key=key)

    def people_names(self) -> list[dict]:
        """Every person's ``id``, ``name`` and ``email`` (nothing else), by id."""
        return self.read("people_names")

    def account_names(self) -> list[dict]:
        """Every account's ``id`` and ``name`` (nothing else), by id."""
        return self.read("account_names")

    def accounts(self) -> list[dict]:
        """Every account's properties with ``contacts`` and ``team`` counts, by name."""
        return [{**row["account"], "contacts": row["contacts"], "team": row["team"]} for row in self.read("list_accounts")]

    def account_records(self, account_id: str) -> dict[str, list[dict]] | None:
        """The plain records of one account, or None if there is no such account."""
        found = self.read("account", account=account_id)
        if not found:
            return None
        return {
            "account": dict(found[0]["account"]),
            "people": self.read("account_people", account=account_id),
            "links": self.read("account_links", account=account_id),
            "roles": self.read("account_roles", account=account_id),
            "opportunities": [r["opportunity"] for r in self.read("account_opportunities", account=account_id)],
            "interactions": self._account_interactions(account_id),
            # the few interactions that name unknown stakeholders (kamgraph.stakeholders), with those names
            "unknown": [{"date": r["date"], "kind": r["kind"], "unknown": list(r["unknown"]),
                         "participants": r["participants"].split(FIELD_SEPARATOR) if r.get("participants") else []}
                        for r in self.read("account_unknown_stakeholders", account=account_id)],
        }

    def _account_interactions(self, account_id: str) -> dict[str, list]:
        """The account's interactions as columns: ``{"id", "date", "kind", "size", "participants"}``.

        ``date`` and ``kind`` hold None where there is none; ``size`` is how many people
        took part in each, and ``participants`` their ids, one interaction after another.
        An account can have 100,000s: they are read as one packed text each and unpacked
        column by column.
        """
        with no_cyclic_gc():
            rows = self.read_column("account_interactions", account=account_id, sep=FIELD_SEPARATOR)
            if None in rows:
                raise StoreError(f"{self.location} holds interactions written by an older kamgraph; "
                                 "run 'kamgraph init' once to bring them up to date")
            return unpack_interactions(rows)

    def write_statements(self, steps: list[tuple[str, list[dict]]], batch_size: int = BATCH_SIZE) -> list[dict]:
        """Run named statements (each given its rows) in one transaction, all or nothing; their result rows."""
        if not self._schema_ready:
            self.init()
        work = list(batches([Step(name, name, rows) for name, rows in steps if rows], batch_size))
        results = self._write([(self._statements[step.statement], {"rows": rows}) for step, rows in work], lambda i: None)
        return [row for rows in results for row in rows]

    def read_together(self, *names: str) -> list[list[dict]]:
        """Run parameterless read statements so that they see the same state of the store (no write between)."""
        return [self.read(name) for name in names]

    def erase_history(self) -> str:
        """Rewrite the store's own files so that data deleted from the graph is gone from them too (cached
        snapshots included: the cache is emptied).

        Returns a note for the user about what this engine still keeps elsewhere ('' if nothing).
        """
        snapshot_files.keep_only(self.cache_dir, None)
        return ""

    def save_snapshot(self, account_id: str, taken_on: str, state: str) -> None:
        """Record an account's state (a JSON text) for a day; a second snapshot that day replaces the first."""
        if not self._schema_ready:
            self.init()
        row = {"id": f"{account_id}|{taken_on}", "account": account_id, "taken_on": taken_on, "state": state}
        self._write([(self._statements["save_snapshot"], {"rows": [row]})], lambda i: None)

    def snapshots(self, account_id: str) -> list[dict]:
        """The account's recorded snapshots, oldest first: ``[{"taken_on", "state"}]``."""
        return self.read("account_snapshots", account=account_id)

    def dump(self) -> tuple[list[tuple], list[tuple]]:
        """Every node and relationship as sorted, comparable tuples (for export and for tests)."""

        def frozen(props) -> tuple:
            return tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in dict(props).items()))

        nodes = sorted((r["label"], frozen(r["props"])) for r in self.read("dump_nodes"))
        edges = sorted((r["source"], r["type"], r["target"], frozen(r["props"])) for r in self.read("dump_relationships"))
        return nodes, edges


    # -- a sync: the file is the whole truth for one account (kamgraph.sync plans it) --------------------

    def account_interaction_records(self, account_id: str) -> list[dict]:
        """The account's interactions with every property, ``participants`` as a list of ids (for export)."""
        out = []
        for row in self.read("account_interaction_records", account=account_id):
            props = dict(row["interaction"])
            packed = props.get("participants")
            props["participants"] = packed.split(FIELD_SEPARATOR) if packed else []
            out.append(props)
        return out


# What a sync can remove, by kind, and the statement that removes it. Rows: team {person, account};
# links {type (graph type), source, target}; account_roles {person, account, role};
# opportunity_roles {person, opportunity, role}; interactions {id}.
REMOVALS = {
    "team": "remove_team_members",
    "links": "remove_links",
    "account_roles": "remove_account_roles",
    "opportunity_roles": "remove_opportunity_roles",
    "interactions": "remove_interactions",
}


# Labels and relationship types the model uses: the linter is told these so a typo in a statement is caught.
LABELS = ("Account", "Person", "Opportunity", "Interaction", "Snapshot", "StoreState")
RELATIONSHIP_TYPES = ("WORKS_AT", "ON_TEAM", "ABOUT", "PARTICIPATED_IN", "HAS_ROLE", *LINK_TYPES.values())
