"""Getting an account out to edit, and back: ``export``, and what ``import --sync`` shows and asks."""

from __future__ import annotations

from pathlib import Path

import click

from kamgraph.cli.group import State, cli, counted


@cli.command(name="export")
@click.argument("account", required=False)
@click.option("-o", "--output", type=click.Path(path_type=Path), required=True, metavar="FILE.xlsx|DIR",
              help="A workbook (a name ending in .xlsx) or a directory for one CSV file per sheet.")
@click.option("--portfolio", is_flag=True, help="Export every account instead of one.")
@click.option("--interactions", is_flag=True,
              help="Include the interactions sheet (a sync of the file then also removes interactions it no longer lists).")
@click.option("--force", is_flag=True, help="Replace files that already exist.")
@click.pass_obj
def export_(state: State, account: str | None, output: Path, portfolio: bool, interactions: bool, force: bool) -> None:
    """Write an account in kamgraph's import format, to edit in a spreadsheet and import again.

    The file has the sheets and columns `kamgraph template` describes. The
    workbook is made for a workshop: header row frozen, columns sized, a
    drop-down list in every vocabulary column (side, level, attitude, role,
    relationship type and level), dates as dates. Importing the untouched file
    changes nothing; `kamgraph import FILE --sync ACCOUNT` makes the store match
    the edited file, removals included.

    \b
    Examples:
        kamgraph export ACC-NWR -o northwind.xlsx
        kamgraph export "Northwind Retail Group" -o northwind/ --interactions
        kamgraph export --portfolio -o portfolio.xlsx
    """
    from kamgraph.sync import export_accounts

    if portfolio == (account is not None):
        raise click.UsageError("name one ACCOUNT, or --portfolio for every account")
    report = export_accounts(state.store(), output, account, interactions=interactions, overwrite=force)
    counts = report.records
    click.echo(f"Exported {counted(len(report.accounts), 'account')}: {counted(counts['people'], 'person', 'people')}, "
               f"{counted(counts['team'], 'team membership')}, {counted(counts['links'], 'relationship')}, "
               f"{counted(counts['roles'], 'buying role')}, "
               f"{counted(counts['opportunities'], 'opportunity', 'opportunities')}"
               + (f", {counted(counts['interactions'], 'interaction')}" if interactions else "") + ".")
    for path in report.paths:
        click.echo(str(path))


MAX_OTHER_ROWS = 200


def run_sync(state: State, paths: list[Path], account: str, *, dry_run: bool, yes: bool, progress) -> None:
    """``kamgraph import FILE --sync ACCOUNT``: show what the sync removes and changes, ask, then write."""
    from kamgraph.cli.import_commands import summary_table
    from kamgraph.render.table import format_table
    from kamgraph.sync import apply_sync, plan_sync

    store = state.store()
    click.echo(f"Reading {len(paths)} path(s)…", err=True)
    plan = plan_sync(store, paths, account)
    for warning in plan.read.warnings:
        click.echo(f"Warning: {warning}", err=True)
    name = f"{plan.account['name']} ({plan.account['id']})"
    if not plan.interactions_stated:
        click.echo("The file has no interactions sheet: interactions are left as they are.")
    if not plan.changes:
        click.echo(f"{name}: the store already matches the file; nothing to do.")
        return
    click.echo(f"Syncing {name} with the file: {plan.removal_count()} removal(s), "
               f"{len(plan.changes) - plan.removal_count()} addition(s) and change(s).")
    # Every removal is shown; additions and changes up to a screenful or so (a new account is all additions).
    removals = [c for c in plan.changes if c.action in ("remove", "mark gone")]
    others = [c for c in plan.changes if c.action not in ("remove", "mark gone")]
    click.echo(format_table([vars(c) for c in removals + others[:MAX_OTHER_ROWS]],
                            [("action", "Action"), ("kind", "Record"), ("record", "Which"), ("detail", "Detail")]))
    if len(others) > MAX_OTHER_ROWS:
        click.echo(f"… and {len(others) - MAX_OTHER_ROWS} more addition(s) and change(s).")
    if dry_run:
        click.echo("Nothing was written (--dry-run).")
        return
    if not yes:
        try:
            agreed = click.confirm("Apply these changes to the store?", default=False)
        except click.Abort:  # no answer (end of input): nothing is written
            agreed = None
        if not agreed:
            click.echo("Nothing was written.")
            if agreed is None:
                raise click.exceptions.Exit(1)
            return
    try:
        summary = apply_sync(store, plan, progress=progress)
    finally:
        progress.close()
    from kamgraph.store.base import REMOVALS, WriteSummary

    removed = summary.total("removed")
    click.echo(f"Synced {name}: {len(plan.gone)} contact(s) marked gone, {removed} record(s) removed.")
    click.echo(summary_table(WriteSummary({k: c for k, c in summary.counts.items() if k not in REMOVALS})))
