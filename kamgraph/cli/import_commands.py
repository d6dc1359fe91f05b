"""Getting data in: ``import`` (the native format and a Salesforce export) and ``template``."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kamgraph.cli.group import State, cli
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
@click.pass_obj
def import_(state: State, paths: tuple[Path, ...], check: bool) -> None:
    """Import CSV files or an XLSX workbook in kamgraph's format, or a Salesforce export.

    PATHS are files or directories (a directory means every .csv and .xlsx in
    it). Everything is checked before anything is written: one problem anywhere
    and nothing is imported, with the file, row and column of every problem.
    Importing the same files again changes nothing. `kamgraph template DIR`
    writes the format's templates and a README of the columns.

    `kamgraph import salesforce DIR` reads the CSV files of a Salesforce Data
    Export as they come (Account.csv and Contact.csv required; User,
    AccountTeamMember, Opportunity, OpportunityContactRole, Task, Event and
    EventRelation used when present) and reports what it skipped and why.

    \b
    Examples:
        kamgraph import accounts.csv people.csv relationships.csv
        kamgraph import import/
        kamgraph import --check northwind.xlsx
        kamgraph import salesforce export-2026-11/ --dry-run
    """
    from kamgraph.importer import import_paths, import_salesforce

    store = state.store()
    progress = _Progress()
    if paths[0] == Path("salesforce") and not paths[0].exists():
        if len(paths) != 2:
            raise click.UsageError("kamgraph import salesforce DIR: name one export directory")
        click.echo(f"Reading the Salesforce export in {paths[1]}…", err=True)
        try:
            report = import_salesforce(store, paths[1], dry_run=check, progress=progress)
        finally:
            progress.close()
        _echo_salesforce(report)
        return
    click.echo(f"Reading {len(paths)} path(s)…", err=True)
    try:
        report = import_paths(store, list(paths), check_only=check, progress=progress)
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


def _echo_salesforce(report) -> None:
    from kamgraph.render.table import format_table

    read = report.read
    counts = read.data.counts()
    click.echo(f"Read {', '.join(read.files)}" + (f"; not in the export: {', '.join(read.absent)}" if read.absent else "") + ".")
    click.echo(f"Found {counts['accounts']} accounts, {counts['people']} people, {counts['team']} team memberships, "
               f"{counts['opportunities']} opportunities, {counts['roles']} buying roles, "
               f"{counts['interactions']} interactions.")
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
