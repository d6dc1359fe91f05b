"""Import files into a store: read and check everything first, then write it all in one transaction."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import TYPE_CHECKING

from kamgraph.bulk import no_cyclic_gc
from kamgraph.errors import KamgraphError
from kamgraph.io import read_paths
from kamgraph.io.calendar import read_calendars
from kamgraph.io.capture import CaptureResult, Directory, Exchange, Tally, capture
from kamgraph.io.domains import DomainMap, build_domain_map
from kamgraph.io.mail import read_mail
from kamgraph.io.spool import InteractionSpool
from kamgraph.model import Dataset, Interaction, Person, check_dataset
from kamgraph.store import GraphStore, WriteSummary
from kamgraph.store.base import BATCH_SIZE

if TYPE_CHECKING:  # the Salesforce reader (and networkx with it) loads only for a Salesforce import
    from kamgraph.io.salesforce import SalesforceRead


@dataclass
class ImportReport:
    """What an import read and what it did to the store (``summary`` is None for a check-only run)."""

    files: list[str]
    records: dict[str, int]
    warnings: list[str] = field(default_factory=list)
    blank_rows: int = 0
    summary: WriteSummary | None = None


def import_dataset(store: GraphStore, data: Dataset, progress: Callable[[int, int], None] | None = None) -> WriteSummary:
    """Check a dataset against itself and the store, then write it (all or nothing)."""
    check_dataset(data, store.lookup)
    return store.write(data, progress=progress)


def import_paths(
    store: GraphStore,
    paths: list[str | Path],
    *,
    check_only: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> ImportReport:
    """Import CSV/XLSX files in kamgraph's format into ``store``.

    Every file is read and checked before anything is written; a problem
    anywhere raises :class:`~kamgraph.model.ValidationError` and the store is
    left as it was.
    """
    read = read_paths(paths)
    report = ImportReport(read.files, read.data.counts(), read.warnings, read.blank_rows)
    if check_only:
        check_dataset(read.data, store.lookup)
    else:
        report.summary = import_dataset(store, read.data, progress)
    return report


@dataclass
class SalesforceReport:
    """What a Salesforce import read, left out (with reasons), marked gone and wrote."""

    read: SalesforceRead
    marked_gone: list[str] = field(default_factory=list)
    summary: WriteSummary | None = None


def _gone_contacts(store: GraphStore, data: Dataset) -> list[Person]:
    """Contacts of the exported accounts that an earlier export brought and this one no longer has."""
    from kamgraph.io.salesforce import CONTACT_PREFIX, is_salesforce_id

    exported = {p.id for p in data.people}
    gone = []
    names = {f.name for f in fields(Person)}
    for account in data.accounts:
        for row in store.read("account_people", account=account.id) if store.lookup("Account", [account.id]) else []:
            props = row["person"]
            pid = props["id"]
            if (row["type"] == "WORKS_AT" and pid not in exported and is_salesforce_id(pid)
                    and pid.startswith(CONTACT_PREFIX) and props.get("active", True) is not False):
                gone.append(Person(**{k: v for k, v in props.items() if k in names and k != "account"},
                                   account=account.id))
    return [replace(p, active=False) for p in gone]


def import_salesforce(
    store: GraphStore,
    directory: str | Path,
    *,
    dry_run: bool = False,
    progress: Callable[[int, int], None] | None = None,
    encoding: str | None = None,
    date_order: str | None = None,
    mapping: str | Path | None = None,
) -> SalesforceReport:
    """Import a Salesforce Data Export directory (see :mod:`kamgraph.io.salesforce`), all or nothing.

    Importing a newer export updates in place: changed titles and roles change,
    a contact missing from it is marked as gone (``active`` false; nothing is
    deleted, so history stays), a user deactivated since is marked as left.
    With ``dry_run`` everything is read and checked and nothing is written.
    ``encoding``, ``date_order`` and ``mapping`` (a custom-field mapping TOML file,
    :mod:`kamgraph.io.salesforce_mapping`) are passed to the reader.
    """
    from kamgraph.io.salesforce import read_salesforce
    from kamgraph.io.salesforce_mapping import read_mapping

    field_mapping = read_mapping(mapping) if mapping else None
    read = read_salesforce(directory, encoding=encoding, date_order=date_order, mapping=field_mapping)
    report = SalesforceReport(read)
    gone = _gone_contacts(store, read.data)
    report.marked_gone = [p.id for p in gone]
    data = Dataset(**{name: list(getattr(read.data, name)) for name in read.data.record_lists()},
                   complete_opportunity_roles=True)
    data.people += gone
    check_dataset(data, store.lookup)
    if not dry_run:
        report.summary = store.write(data, progress=progress)
    return report


@dataclass
class CaptureReport:
    """What a mail or calendar import read, matched, skipped (by reason) and wrote.

    ``sample`` holds the first interactions made (what a dry run shows); the
    rest were spooled to a temporary file and written from there.
    """

    result: CaptureResult
    domains: DomainMap
    shared_addresses: dict[str, tuple[str, ...]] = field(default_factory=dict)
    summary: WriteSummary | None = None
    sample: list[Interaction] = field(default_factory=list)


SAMPLE = 20  # interactions a report keeps to show


def import_exchanges(
    store: GraphStore,
    read: Callable[[Tally], Iterable[Exchange]],
    *,
    our_domains: Iterable[str] = (),
    add_unknown: bool = False,
    dry_run: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> CaptureReport:
    """Match what ``read(tally)`` yields to the stored people and accounts (:mod:`kamgraph.io.capture`) and write
    the interactions, all or nothing; ``dry_run`` reads and checks everything and writes nothing.

    Memory does not grow with the mailbox: the interactions are spooled to a
    temporary file as they are made (:mod:`kamgraph.io.spool`), checked part by
    part, and written part by part into the one all-or-nothing write.
    """
    people = store.read("people_emails")
    domains = build_domain_map(store.accounts(), people, our_domains)
    directory = Directory.build(people, domains)
    del people
    tally = Tally()
    with InteractionSpool() as spool:
        with no_cyclic_gc():  # a mailbox's worth of small records, none in a cycle: see kamgraph.bulk
            result = capture(read(tally), directory, tally, add_unknown=add_unknown, spool=spool)
        added = result.data.people
        taken = store.lookup("Person", [p.id for p in added]) if added else {}
        if taken:
            raise KamgraphError(f"cannot add {len(taken)} unknown stakeholder(s): a person with the id "
                                f"'{min(taken)}' exists already without that email; give them their email and "
                                "import again")
        check_dataset(Dataset(people=added), store.lookup)
        for part in spool.parts(BATCH_SIZE):  # each interaction is in one part only (the spool drops repeats)
            check_dataset(Dataset(people=added, interactions=part), store.lookup)
        report = CaptureReport(result, domains, directory.shared_addresses, sample=spool.first(SAMPLE))
        if not dry_run:
            report.summary = store.write(Dataset(people=added), progress=progress, more=spool)
    return report


def import_mail(store: GraphStore, paths: list[str | Path], *, subjects: bool = False,
                read_progress: Callable[[int, int], None] | None = None, **options) -> CaptureReport:
    """Import mailboxes (mbox, Maildir, .eml, .msg; :mod:`kamgraph.io.mail`): an ``email`` interaction per message."""
    return import_exchanges(store, lambda tally: read_mail(paths, tally, subjects=subjects, progress=read_progress),
                            **options)


def import_calendar(store: GraphStore, paths: list[str | Path], *, as_of: _dt.date | None = None,
                    subjects: bool = False, read_progress: Callable[[int, int], None] | None = None,
                    **options) -> CaptureReport:
    """Import .ics calendars (:mod:`kamgraph.io.calendar`): a ``meeting`` interaction per meeting held up to
    ``as_of`` (default today)."""
    day = as_of or _dt.date.today()
    return import_exchanges(
        store, lambda tally: read_calendars(paths, day, tally, subjects=subjects, progress=read_progress), **options)
