"""Getting data in: ``import files`` (the native format, the default), ``import salesforce`` and ``template``."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kamgraph.cli.group import State, cli, counted
from kamgraph.cli.import_group import import_group


class _Progress:
    """A progress bar on stderr that appears when a write starts."""

    def __init__(self):
        self.bar = None

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None:
            self.bar = click.progressbar(length=total, label=f"Writing {total:,} rows in one transaction",
                                         file=sys.stderr, show_pos=True)
            self.bar.__enter__()
        self.bar.update(done - self.bar.pos)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)


def summary_table(summary) -> str:
    from kamgraph.render.table import format_table

    rows = [{"kind": kind, **counts} for kind, counts in summary.as_dict().items()]
    return format_table(rows, [("kind", "Records"), ("created", "Created"), ("updated", "Updated"),
                               ("unchanged", "Unchanged (skipped)")])


@import_group.command(name="files")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--check", "--dry-run", "check", is_flag=True,
              help="Read and check everything against the store; write nothing.")
@click.option("--sync", "sync", metavar="ACCOUNT",
              help="Make ACCOUNT match the file, removals included (an edited `kamgraph export`); shows them and asks first.")
@click.option("--yes", "-y", is_flag=True, help="With --sync: apply without asking.")
@click.pass_obj
def import_(state: State, paths: tuple[Path, ...], check: bool, sync: str | None, yes: bool) -> None:
    """Import CSV files or an XLSX workbook in kamgraph's format (the default import command).

    PATHS are files or directories (a directory means every .csv and .xlsx in
    it). Everything is checked before anything is written: one problem anywhere
    and nothing is imported, with the file, row and column of every problem.
    Importing the same files again changes nothing. `kamgraph template DIR`
    writes the format's templates and a README of the columns. A Salesforce
    export has a command of its own: `kamgraph import salesforce DIR`.

    With `--sync ACCOUNT` the file is the whole truth for that account: its
    contacts the file no longer lists are marked gone (kept, with history),
    and relationships, buying roles and team memberships it no longer lists
    are removed (interactions only if the file has an interactions sheet).
    The removals and changes are shown first and you are asked to confirm;
    `--yes` skips the question, `--dry-run` only shows them.

    \b
    Examples:
        kamgraph import accounts.csv people.csv relationships.csv
        kamgraph import import/
        kamgraph import --check northwind.xlsx
        kamgraph import northwind.xlsx --sync ACC-NWR
    """
    from kamgraph.importer import import_paths
    from kamgraph.model import ValidationError

    store = state.store()
    progress = _Progress()
    if sync is not None:
        from kamgraph.cli.export_commands import run_sync

        run_sync(state, list(paths), sync, dry_run=check, yes=yes, progress=progress)
        return
    if yes:
        raise click.UsageError("--yes goes with --sync")
    click.echo(f"Reading {len(paths)} path(s)…", err=True)
    try:
        report = import_paths(store, list(paths), check_only=check, progress=progress)
    except ValidationError as exc:
        _suggest_salesforce(paths, exc)
        raise
    finally:
        progress.close()
    for warning in report.warnings:
        click.echo(f"Warning: {warning}", err=True)
    records = sum(report.records.values())
    click.echo(f"Read {records} records from {len(report.files)} file(s)"
               + (f"; skipped {report.blank_rows} blank row(s)" if report.blank_rows else "") + ".")
    if report.summary is None:
        click.echo("Checked: no problems found. Nothing was written (--check).")
        return
    click.echo(summary_table(report.summary))


def _suggest_salesforce(paths: tuple[Path, ...], error) -> None:
    """Refuse as the import did, adding which directory looks like a Salesforce export and the command for it."""
    from kamgraph.cli.group import problems_message
    from kamgraph.io.salesforce import looks_like_export

    exports = [p for p in paths if looks_like_export(p)]
    if exports:
        raise click.ClickException(
            problems_message(error) + "\n" + "\n".join(
                f"{p} looks like a Salesforce export (it has Account.csv and Contact.csv): "
                f"import it with `kamgraph import salesforce {p}`" for p in exports))


@import_group.command(name="salesforce")
@click.argument("directory", type=click.Path(path_type=Path))
@click.option("--dry-run", "--check", "check", is_flag=True,
              help="Read and check everything against the store; write nothing.")
@click.option("--encoding", metavar="NAME",
              help="Read every file in this encoding (e.g. latin-1, cp1252, utf-16) instead of detecting each file's.")
@click.option("--date-order", type=click.Choice(["dmy", "mdy"]),
              help="Read slashed dates (02/03/24) day-first (dmy) or month-first (mdy) when no date in a file "
                   "settles it.")
@click.option("--mapping", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A TOML file mapping custom fields (Level__c …) to level, attitude, influence or a buying role "
                   "(see docs/salesforce.md).")
@click.pass_obj
def import_salesforce_(state: State, directory: Path, check: bool, encoding: str | None, date_order: str | None,
                       mapping: Path | None) -> None:
    """Import a Salesforce Data Export or Data Loader extract from DIRECTORY.

    Reads the CSV files of the export as they come, or as saved through Excel
    (Account.csv and Contact.csv required; User, AccountTeamMember,
    Opportunity, OpportunityContactRole, AccountContactRole, Task, Event,
    EventRelation, CurrencyType and DatedConversionRate used when present):
    each file in its own encoding, dates day- or month-first as the file
    settles it. It reports what it read, how, and what it skipped and why.
    Everything is checked before anything is written; contacts an earlier
    export brought that this one no longer has are marked gone.

    \b
    Examples:
        kamgraph import salesforce export-2026-11/ --dry-run
        kamgraph import salesforce export-2026-11/
        kamgraph import salesforce excel-saved/ --date-order dmy --encoding cp1252 --mapping fields.toml
    """
    from kamgraph.importer import import_salesforce

    store = state.store()
    progress = _Progress()
    click.echo(f"Reading the Salesforce export in {directory}…", err=True)
    try:
        report = import_salesforce(store, directory, dry_run=check, progress=progress, encoding=encoding,
                                   date_order=date_order, mapping=mapping)
    finally:
        progress.close()
    _echo_salesforce(report)


def _echo_salesforce(report) -> None:
    from kamgraph.render.table import format_table

    read = report.read
    counts = read.data.counts()
    click.echo(f"Read {', '.join(f'{f} ({read.encodings[f]})' for f in read.files)}"
               + (f"; not in the export: {', '.join(read.absent)}" if read.absent else "") + ".")
    for name, layout in read.layouts.items():
        click.echo(f"{name} read as {layout}.")
    for name, order in read.date_orders.items():
        click.echo(f"Dates in {name} read {order}.")
    if read.corporate_currency:
        converted = [c for c in read.currencies if c not in read.unconverted] or [read.corporate_currency]
        apart = ""
        if read.unconverted:
            one = len(read.unconverted) == 1
            apart = (f"; {', '.join(read.unconverted)} {'has' if one else 'have'} no rate in CurrencyType.csv "
                     f"and {'is' if one else 'are'} kept apart, never added")
        click.echo(f"Amounts converted to the corporate currency, {read.corporate_currency}"
                   f" (from {', '.join(converted)}){apart}.")
    elif len(read.currencies) > 1:
        click.echo(f"Amounts are in {', '.join(read.currencies)} and the export has no CurrencyType.csv: "
                   "they are kept apart, never added.")
    click.echo(f"Found {counted(counts['accounts'], 'account')}, {counted(counts['people'], 'person', 'people')}, "
               f"{counted(counts['team'], 'team membership')}, {counted(counts['opportunities'], 'opportunity', 'opportunities')}, "
               f"{counted(counts['roles'], 'buying role')}, {counted(counts['interactions'], 'interaction')}.")
    for warning in read.warnings[:10]:
        click.echo(f"Warning: {warning}", err=True)
    if len(read.warnings) > 10:
        click.echo(f"Warning: … and {len(read.warnings) - 10} more", err=True)
    if read.cycles:
        click.echo(f"Reporting cycles kept out of the hierarchy ({len(read.cycles)}): "
                   + "; ".join(" → ".join(cycle) for cycle in read.cycles[:5]))
    if read.skipped:
        click.echo("Skipped:")
        click.echo(format_table([{"reason": r, "rows": n} for r, n in sorted(read.skipped.items())],
                                [("reason", "Reason"), ("rows", "Rows")]))
    if read.kept:
        click.echo("Kept, with a flag:")
        click.echo(format_table([{"reason": r, "rows": n} for r, n in sorted(read.kept.items())],
                                [("reason", "Reason"), ("rows", "Rows")]))
    click.echo(f"Marked gone (no longer in the export): {len(report.marked_gone)} contact(s).")
    if report.summary is None:
        click.echo("Checked: no problems found. Nothing was written (--dry-run).")
    else:
        click.echo(summary_table(report.summary))


@cli.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--xlsx", is_flag=True, help="Write one workbook with a sheet per kind instead of CSV files.")
def template(directory: Path, xlsx: bool) -> None:
    """Write empty import templates (header rows only) and a README of every column.

    \b
    Example:
        kamgraph template import/ && ls import/
    """
    from kamgraph.io import write_templates

    for path in write_templates(directory, xlsx=xlsx):
        click.echo(str(path))
