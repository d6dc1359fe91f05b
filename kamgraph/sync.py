"""An account out to a file and back: export it, edit it in a spreadsheet, sync the file into the store.

:func:`account_dataset` reads one account from the store as the records an
import would write, :func:`export_accounts` writes them in kamgraph's own
format (:mod:`kamgraph.io.export`), and importing that file changes nothing.

:func:`plan_sync` treats a file as the whole truth for one account and works
out, without writing, what importing it would remove and change:

- a contact of the account the file no longer lists leaves it: marked gone
  (``active`` false), kept with their history, as the Salesforce import does;
- relationships of the account (those that touch one of its contacts, and
  those between two members of its team), buying roles on the account and its
  opportunities, and team memberships that the file no longer lists are
  removed;
- interactions are removed only when the file has an interactions sheet (an
  export made with ``interactions=True``): without one, the file says nothing
  about them;
- opportunities, and the people themselves, are never deleted.

:func:`apply_sync` then writes the removals and the file's records in one
transaction, all or nothing, after checking that neither the store nor the
file changed since the plan was shown.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, fields, replace
from pathlib import Path

from kamgraph.errors import KamgraphError, NotFound
from kamgraph.io import read_paths
from kamgraph.io.export import write_export
from kamgraph.io.native import SHEETS, ReadResult, files_in, sheet_for
from kamgraph.model import (
    LINK_TYPES,
    Account,
    BuyingRole,
    Dataset,
    Interaction,
    Link,
    Opportunity,
    Person,
    TeamMember,
    check_dataset,
    properties,
)
from kamgraph.snapshot import resolve_account, resolve_listed_account
from kamgraph.store import GraphStore, WriteSummary

_KINDS = {graph_type: kind for kind, graph_type in LINK_TYPES.items()}


def _record(cls, props: dict, **extra):
    """A model record from stored properties (properties the model does not know are not exported)."""
    names = {f.name for f in fields(cls)} - {"origin"}
    values = {k: v for k, v in dict(props).items() if k in names}
    values.update(extra)
    for name, value in values.items():  # lists in the store (participants, unknown, domains), tuples in the model
        if isinstance(value, list):
            values[name] = tuple(value)
    return cls(**values)


def account_dataset(store: GraphStore, account_id: str, *, interactions: bool = False) -> Dataset:
    """One stored account as the records that import it: the account, its contacts and team (people and
    memberships), the relationships between them, buying roles, opportunities, and (if asked) interactions."""
    found = store.read("account", account=account_id)
    if not found:
        raise KamgraphError(f"account '{account_id}' is not in the store")
    data = Dataset(accounts=[_record(Account, found[0]["account"])])
    for row in store.read("account_people", account=account_id):
        if row["type"] == "WORKS_AT":
            data.people.append(_record(Person, row["person"], account=account_id))
        else:
            data.people.append(_record(Person, row["person"], account=None))
            data.team.append(_record(TeamMember, row["props"], account=account_id, person=row["person"]["id"]))
    # The account's relationships: every one that touches one of its contacts, and those among its team.
    contacts = {p.id for p in data.people if p.account == account_id}
    members = {p.id for p in data.people}
    links = {}
    for row in store.read("account_links", account=account_id) + store.read("account_links_in", account=account_id):
        if row["source"] in contacts or row["target"] in contacts or (row["source"] in members and row["target"] in members):
            links[(row["type"], row["source"], row["target"])] = _record(
                Link, row["props"], kind=_KINDS[row["type"]], source=row["source"], target=row["target"])
    data.links = list(links.values())
    data.opportunities = [_record(Opportunity, props, account=account_id)
                          for props in (r["opportunity"] for r in store.read("account_opportunities", account=account_id))]
    data.roles = [_record(BuyingRole, row["props"], person=row["person"], account=account_id,
                          opportunity=row["opportunity"])
                  for row in store.read("account_roles", account=account_id)]
    if interactions:
        data.interactions = [_record(Interaction, props, account=account_id)
                             for props in store.account_interaction_records(account_id)]
    return data


def portfolio_dataset(store: GraphStore, *, interactions: bool = False) -> Dataset:
    """Every account's records in one dataset (people on several teams, and links between them, once)."""
    data = Dataset()
    for listed in store.accounts():
        data.extend(account_dataset(store, listed["id"], interactions=interactions))
    data.people = list({p.id: p for p in data.people}.values())
    data.links = list({(x.kind, x.source, x.target): x for x in data.links}.values())
    return data


@dataclass
class ExportReport:
    paths: list[Path]
    accounts: list[str]
    records: dict[str, int]


def export_accounts(store: GraphStore, path: str | Path, account: str | None = None, *, interactions: bool = False,
                    overwrite: bool = False) -> ExportReport:
    """Write one account (an id or exact name), or with ``account=None`` every account, to ``path``.

    ``path`` ending in ``.xlsx`` is a workbook; anything else a directory of CSV files.
    """
    if account is None:
        data = portfolio_dataset(store, interactions=interactions)
        if not data.accounts:
            raise KamgraphError("there are no accounts in the store to export")
    else:
        data = account_dataset(store, resolve_account(store, account), interactions=interactions)
    paths = write_export(data, path, interactions=interactions, overwrite=overwrite)
    return ExportReport(paths, [a.id for a in data.accounts], data.counts())


# ---------------------------------------------------------------------------
# A sync.


@dataclass(frozen=True)
class Change:
    """One line of a sync's table: what it does to which record."""

    action: str  # remove, mark gone, add, change
    kind: str  # contact, team member, relationship, buying role, interaction, …
    record: str  # the record as a person reads it
    detail: str = ""


@dataclass
class SyncPlan:
    """What importing ``paths`` with ``--sync`` would do to one account; nothing is written yet."""

    paths: list[str]
    account: dict
    read: ReadResult
    data: Dataset  # the file's records and the contacts marked gone: what the write gets
    gone: list[str]
    removals: dict[str, list[dict]]
    changes: list[Change]
    interactions_stated: bool
    stamps: list[tuple] = field(default_factory=list)  # each file's size and modification time when read

    def removal_count(self) -> int:
        return len(self.gone) + sum(len(rows) for rows in self.removals.values())


def _states_interactions(paths: list[str | Path]) -> bool:
    """Whether the files have an interactions sheet (an export made with interactions has one, even empty)."""
    for path in files_in(paths):
        if path.suffix.lower() == ".xlsx":
            import openpyxl

            try:
                book = openpyxl.load_workbook(path, read_only=True)
            except Exception:  # noqa: BLE001 - read_paths has already refused an unreadable workbook
                continue
            try:
                if any(sheet_for(name) is SHEETS["interactions"] for name in book.sheetnames):
                    return True
            finally:
                book.close()
        elif sheet_for(path.stem) is SHEETS["interactions"]:
            return True
    return False


def _names(*datasets: Dataset) -> dict[str, str]:
    out = {}
    for data in datasets:
        for p in data.people:
            out[p.id] = p.name
    return out


def _fields_changed(old, new, skip: tuple[str, ...] = ()) -> str:
    before, after = properties(old), properties(new)
    changed = []
    for name in [f.name for f in fields(old) if f.name != "origin" and f.name not in skip]:
        if before.get(name) != after.get(name):
            changed.append(f"{name}: {_show(before.get(name))} → {_show(after.get(name))}")
    return "; ".join(changed)


def _show(value) -> str:
    if value is None:
        return "(blank)"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ", ".join(value)
    return str(value)


def _stamps(paths: list[str | Path]) -> list[tuple]:
    return [(str(p), p.stat().st_size, p.stat().st_mtime_ns) for p in files_in(paths)]


def plan_sync(store: GraphStore, paths: list[str | Path], account: str, *, _read: ReadResult | None = None) -> SyncPlan:
    """Read and check the files and work out what a sync of ``account`` would remove and change.

    Raises :class:`~kamgraph.model.ValidationError` for a file with problems, and
    :class:`~kamgraph.errors.KamgraphError` when the files do not hold the account.
    """
    stamps = _stamps(paths)  # before reading: a save during the read shows up as a change
    read = _read or read_paths(paths)
    file = read.data
    # The account as every command names it (a 15- or 18-character id, a name in any case): in the store,
    # else among the file's accounts (an account not stored yet).
    try:
        account_id, in_store = resolve_account(store, account), True
    except NotFound:
        account_id, in_store = resolve_listed_account([(a.id, a.name) for a in file.accounts], account), False
    listed = {a.id: a for a in file.accounts}
    if account_id not in listed:
        raise KamgraphError(f"the files do not hold the account '{account}' in their accounts sheet: a sync "
                            "file is an export of the account it syncs (kamgraph export ACCOUNT -o FILE)")
    stated = _states_interactions(paths)
    stored = account_dataset(store, account_id, interactions=stated) if in_store else Dataset()
    names = _names(file, stored)

    def who(pid: str) -> str:
        return f"{names[pid]} ({pid})" if names.get(pid) else pid

    changes: list[Change] = []
    removals: dict[str, list[dict]] = {}

    # Contacts: gone when the file no longer lists them; kept, with their history.
    file_people = {p.id: p for p in file.people}
    gone = [replace(p, active=False, origin=None) for p in stored.people
            if p.side == "customer" and p.id not in file_people and p.active is not False]
    changes += [Change("mark gone", "contact", who(p.id), "no longer in the file: active → false") for p in gone]

    stored_team = {t.person: t for t in stored.team}
    file_team = {t.person: t for t in file.team if t.account == account_id}
    removals["team"] = [{"person": pid, "account": account_id} for pid in sorted(set(stored_team) - set(file_team))]
    changes += [Change("remove", "team member", who(pid), f"role {stored_team[pid].role}")
                for pid in sorted(set(stored_team) - set(file_team))]

    def link_key(x: Link) -> tuple:
        return (x.kind, x.source, x.target)

    stored_links = {link_key(x): x for x in stored.links}
    file_links = {link_key(x): x for x in file.links}
    dropped = sorted(set(stored_links) - set(file_links))
    removals["links"] = [{"type": LINK_TYPES[kind], "source": s, "target": t} for kind, s, t in dropped]
    changes += [Change("remove", "relationship", f"{who(s)} {kind} {who(t)}") for kind, s, t in dropped]

    def role_key(r: BuyingRole) -> tuple:
        return (r.person, r.role, r.opportunity or "")

    stored_roles = {role_key(r): r for r in stored.roles}
    file_roles = {role_key(r): r for r in file.roles if r.account == account_id}
    dropped_roles = sorted(set(stored_roles) - set(file_roles))
    removals["account_roles"] = [{"person": p, "account": account_id, "role": role}
                                 for p, role, opp in dropped_roles if not opp]
    removals["opportunity_roles"] = [{"person": p, "opportunity": opp, "role": role}
                                     for p, role, opp in dropped_roles if opp]
    changes += [Change("remove", "buying role", who(p), role + (f" on {opp}" if opp else ""))
                for p, role, opp in dropped_roles]

    if stated:
        file_interactions = {i.id for i in file.interactions}
        dropped_ids = sorted({i.id for i in stored.interactions} - file_interactions)
        removals["interactions"] = [{"id": i} for i in dropped_ids]
        by_id = {i.id: i for i in stored.interactions}
        changes += [Change("remove", "interaction", i, f"{by_id[i].date} {by_id[i].kind}") for i in dropped_ids]

    changes += _additions_and_changes(store, file, stored, account_id, who)
    data = Dataset(**{name: list(getattr(file, name)) for name in file.record_lists()})
    data.people += gone
    check_dataset(data, store.lookup)
    return SyncPlan([str(p) for p in paths], {"id": account_id, "name": listed[account_id].name}, read, data,
                    [p.id for p in gone], {k: v for k, v in removals.items() if v}, changes, stated, stamps)


def _additions_and_changes(store: GraphStore, file: Dataset, stored: Dataset, account_id: str,
                           who: Callable[[str], str]) -> list[Change]:
    """What the file adds to the account, and which of its cells differ from the store."""
    out: list[Change] = []

    def compare(kind: str, new_records, old_records, key, label, skip=()):
        old = {key(r): r for r in old_records}
        for record in new_records:
            before = old.get(key(record))
            if before is None:
                out.append(Change("add", kind, label(record)))
            else:
                detail = _fields_changed(before, record, skip)
                if detail:
                    out.append(Change("change", kind, label(record), detail))

    compare("account", [a for a in file.accounts if a.id == account_id], stored.accounts, lambda a: a.id,
            lambda a: f"{a.name} ({a.id})")
    team = {t.person for t in stored.team} | {t.person for t in file.team if t.account == account_id}
    mine = [p for p in file.people if p.account == account_id or p.id in team]
    known = {p.id: p for p in stored.people}
    elsewhere = store.lookup("Person", [p.id for p in mine if p.id not in known])
    for pid, props in elsewhere.items():  # stored, but not yet in this account: compare what they were
        known[pid] = _record(Person, props, account=props.get("account"))
    compare("person", mine, known.values(), lambda p: p.id, lambda p: who(p.id))
    compare("team member", [t for t in file.team if t.account == account_id], stored.team, lambda t: t.person,
            lambda t: who(t.person))
    compare("relationship", file.links, stored.links, lambda x: (x.kind, x.source, x.target),
            lambda x: f"{who(x.source)} {x.kind} {who(x.target)}")
    compare("buying role", [r for r in file.roles if r.account == account_id], stored.roles,
            lambda r: (r.person, r.role, r.opportunity or ""),
            lambda r: f"{who(r.person)}: {r.role}" + (f" on {r.opportunity}" if r.opportunity else ""))
    compare("opportunity", [o for o in file.opportunities if o.account == account_id], stored.opportunities,
            lambda o: o.id, lambda o: f"{o.name} ({o.id})")
    if file.interactions:
        compare("interaction", [replace(i, participants=tuple(sorted(set(i.participants))))
                                for i in file.interactions if i.account == account_id],
                [replace(i, participants=tuple(sorted(set(i.participants)))) for i in stored.interactions],
                lambda i: i.id, lambda i: i.id)
    return out


def apply_sync(store: GraphStore, plan: SyncPlan, progress: Callable[[int, int], None] | None = None) -> WriteSummary:
    """Write a planned sync in one transaction: the removals, the contacts marked gone, the file's records.

    If a file was saved again since the plan was made, or the store changed what the
    plan would remove or change (someone else imported meanwhile), nothing is written
    and the sync is refused: the table shown is what gets written.
    """
    if _stamps(plan.paths) != plan.stamps:
        raise KamgraphError("the file changed since the sync was planned; nothing was written. "
                            "Run the sync again to see what it would do now")
    fresh = plan_sync(store, plan.paths, plan.account["id"], _read=plan.read)
    if fresh.removals != plan.removals or fresh.gone != plan.gone or fresh.changes != plan.changes:
        raise KamgraphError("the store changed since the sync was planned; nothing was written. "
                            "Run the sync again to see what it would do now")
    return store.write(fresh.data, progress=progress, removals=fresh.removals)
