"""Relationships captured from calendars and mailboxes: ``import calendar``, ``import mail``, and the unknown
stakeholders they find (``people ACCOUNT --unknown``)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kamgraph.cli.group import State, day, echo_json
from kamgraph.cli.import_commands import _Progress, summary_table
from kamgraph.cli.import_group import import_group

DRY_RUN_SHOWN = 20


class _ReadProgress:
    """A progress bar on stderr while a mailbox or calendar is read (bytes or files)."""

    def __init__(self, label: str):
        self.label = label
        self.bar = None

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None:
            self.bar = click.progressbar(length=max(total, 1), label=self.label, file=sys.stderr)
            self.bar.__enter__()
        self.bar.update(min(done, self.bar.length) - self.bar.pos)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


def _capture_options(command):
    for option in reversed([
        click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path)),
        click.option("--our-domain", "our_domains", multiple=True, metavar="DOMAIN",
                     help="A domain of ours (repeatable); addresses there are our team. The domains of our "
                          "people's emails count as ours too, and those listed in the config file."),
        click.option("--config", "config", type=click.Path(dir_okay=False, exists=True, path_type=Path),
                     metavar="FILE", help="A kamgraph config TOML file whose [capture] our_domains lists our "
                     "domains (default: the file $KAMGRAPH_CONFIG names, else kamgraph.toml in the store's "
                     "directory, if there is one)."),
        click.option("--add-unknown", is_flag=True,
                     help="Add unknown stakeholders (addresses at a customer's domain that match nobody) as "
                          "contacts, named from their display names. Without it they are only counted and listed."),
        click.option("--subjects", is_flag=True, help="Store subjects (titles) too. By default none is read."),
        click.option("--dry-run", "dry_run", is_flag=True, help="Read and match everything; show what would be "
                     "recorded; write nothing."),
    ]):
        command = option(command)
    return command


@import_group.command(name="calendar")
@_capture_options
@click.option("--as-of", "as_of", type=click.DateTime(formats=["%Y-%m-%d"]), default=None, metavar="YYYY-MM-DD",
              help="Import meetings held up to this day, recurrences expanded to it (default: today).")
@click.pass_obj
def import_calendar(state: State, paths, our_domains, config, add_unknown: bool, subjects: bool, dry_run: bool,
                    as_of) -> None:
    """Import meetings from iCalendar (.ics) files: who met whom, and when.

    FILE_OR_DIR is an .ics file (Google Calendar, Outlook, Apple Calendar
    export) or a directory of them. Each meeting held up to --as-of (default
    today) becomes a `meeting` between its organiser and its attendees, for
    each account whose people were on it. Recurring meetings are expanded
    (moved and cancelled instances, EXDATE); cancelled meetings, attendees who
    declined, rooms, all-day events and meetings with only our own people are
    left out and counted. Only addresses, names, days and ids are stored.

    \b
    Examples:
        kamgraph import calendar kim-calendar.ics --our-domain example.com
        kamgraph import calendar exports/ --as-of 2026-11-30 --dry-run
        kamgraph import calendar kim.ics --config team/kamgraph.toml
    """
    from kamgraph.importer import import_calendar as run

    _run_capture(state, "meetings", lambda read_progress, **options: run(
        state.store(), list(paths), as_of=day(as_of), subjects=subjects, read_progress=read_progress, **options),
        our_domains=_our_domains(state, our_domains, config), add_unknown=add_unknown, dry_run=dry_run)


@import_group.command(name="mail")
@_capture_options
@click.pass_obj
def import_mail(state: State, paths, our_domains, config, add_unknown: bool, subjects: bool, dry_run: bool) -> None:
    """Import who wrote to whom from mailboxes, reading headers only (never a body or an attachment).

    PATH is an mbox file (Google Takeout, Thunderbird), a Maildir, an .eml or
    Outlook .msg file, or a directory searched for all of them. Each message
    becomes an `email` between its sender and its To/Cc recipients (Bcc is
    never read), with its Message-ID as id, so importing a mailbox again
    changes nothing. Mailing-list and automated mail (List-Id, Auto-Submitted,
    Precedence: bulk, no-reply senders) and messages with no customer on them
    are skipped and counted. Large mailboxes stream with a progress bar.

    Our own domains come from --our-domain, our people's emails, and
    `our_domains` under [capture] in the config file (--config, else
    $KAMGRAPH_CONFIG, else kamgraph.toml in the store's directory).

    \b
    Examples:
        kamgraph import mail ~/Takeout/Mail/All\\ mail.mbox --our-domain example.com
        kamgraph import mail ~/Maildir saved/*.msg --dry-run
        kamgraph import mail inbox.mbox --add-unknown
    """
    from kamgraph.importer import import_mail as run

    _run_capture(state, "messages", lambda read_progress, **options: run(
        state.store(), list(paths), subjects=subjects, read_progress=read_progress, **options),
        our_domains=_our_domains(state, our_domains, config), add_unknown=add_unknown, dry_run=dry_run)


def _our_domains(state: State, given: tuple[str, ...], config: Path | None) -> tuple[str, ...]:
    """--our-domain's domains and those the config file lists (``[capture] our_domains``)."""
    from kamgraph.io.domains import config_file, our_domains_from_config
    from kamgraph.store import resolve_location

    path = config or config_file(resolve_location(state.location))
    return (*given, *our_domains_from_config(path)) if path else given


def _run_capture(state: State, what: str, run, **options) -> None:
    reading = _ReadProgress(f"Reading {what}")
    writing = _Progress()
    try:
        report = run(reading, progress=writing, **options)
    finally:
        reading.close()
        writing.close()
    _echo_capture(report, what, options["dry_run"])


def _echo_capture(report, what: str, dry_run: bool) -> None:
    from kamgraph.render.table import format_table

    result = report.result
    tally = result.tally
    click.echo(f"Read {tally.read:,} {what}; recorded {result.matched:,} as {result.interactions:,} interaction(s); "
               f"skipped {sum(tally.skipped.values()):,}.")
    if tally.skipped:
        click.echo(format_table([{"reason": r, "n": n} for r, n in tally.skipped.most_common()],
                                [("reason", "Skipped because"), ("n", what.capitalize())]))
    if tally.left_out:
        click.echo("Left out of meetings that were kept: "
                   + ", ".join(f"{n:,} {reason}" for reason, n in tally.left_out.most_common()) + ".")
    unknown = result.unknown_counts()
    if unknown:
        click.echo(f"Unknown stakeholders (addresses at a customer's domain that match nobody): "
                   f"{sum(unknown.values()):,}.")
        click.echo(format_table([{"account": a, "n": n} for a, n in unknown.items()],
                                [("account", "Account"), ("n", "Unknown stakeholders")]))
        if not result.data.people:
            click.echo("`kamgraph people ACCOUNT --unknown` lists them; import again with --add-unknown to add them.")
    if result.data.people:
        click.echo(f"Adding {len(result.data.people):,} unknown stakeholder(s) as contacts.")
    if result.ours_not_in_store:
        sample = ", ".join(a for a, _ in result.ours_not_in_store.most_common(5))
        click.echo(f"Addresses at our domains that match none of our people: {len(result.ours_not_in_store):,} "
                   f"(e.g. {sample}); add them to the people sheet with their email to count their relationships.",
                   err=True)
    for address, ids in sorted(report.shared_addresses.items())[:5]:
        click.echo(f"Warning: {address} is the email of several people ({', '.join(ids)}); matched to {ids[0]}.",
                   err=True)
    for domain, accounts in sorted(report.domains.ambiguous.items())[:5]:
        click.echo(f"Warning: contacts of {', '.join(accounts)} share the domain {domain}; declare it in the "
                   "accounts' domains column to tell which account it is.", err=True)
    if dry_run:
        rows = [{"date": i.date, "kind": i.kind, "account": i.account, "participants": "; ".join(i.participants),
                 "unknown": len(i.unknown or ())} for i in report.sample[:DRY_RUN_SHOWN]]
        if rows:
            click.echo(f"Would record (first {len(rows)} of {result.interactions:,}):")
            click.echo(format_table(rows, [("date", "Date"), ("kind", "Kind"), ("account", "Account"),
                                           ("participants", "Participants"), ("unknown", "Unknown")]))
        click.echo("Checked: no problems found. Nothing was written (--dry-run).")
    elif report.summary is not None:
        click.echo(summary_table(report.summary))


def echo_unknown(state: State, account: str, as_json: bool) -> None:
    """``kamgraph people ACCOUNT --unknown``: the account's unknown stakeholders."""
    from kamgraph.render.table import format_table
    from kamgraph.stakeholders import unknown_stakeholders

    rows = unknown_stakeholders(state.store(), account)
    if as_json:
        echo_json(rows)
        return
    if not rows:
        click.echo("No unknown stakeholders: everyone at this account's domains in imported mail and meetings is known.")
        return
    click.echo(format_table([{**r, "with": ", ".join(r["with"][:3]) + (" …" if len(r["with"]) > 3 else "")}
                             for r in rows],
                            [("address", "Address"), ("name", "Name"), ("meetings", "Meetings"), ("emails", "Emails"),
                             ("first", "First"), ("last", "Last"), ("with", "With")]))
    click.echo("Import again with --add-unknown to add them as contacts.")
