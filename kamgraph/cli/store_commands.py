"""The store and what is in it: ``init``, ``accounts``, ``people``, and ``demo``."""

from __future__ import annotations

from pathlib import Path

import click

from kamgraph.cli.group import State, cli, echo_json

SIDES = ("customer", "supplier")  # kamgraph.model.SIDES, repeated so --help needs no library import


@cli.command()
@click.pass_obj
def init(state: State) -> None:
    """Create the store's constraints and indexes, and bring older data up to date (safe to run again).

    Imports do this on their own; run it to prepare a shared Neo4j database, or
    when kamgraph says a store was written by an older version.

    \b
    Example:
        kamgraph --store bolt://localhost:7687 init
    """
    store = state.store()
    store.init()
    click.echo(f"Store ready: {store.location}")


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@click.pass_obj
def accounts(state: State, as_json: bool) -> None:
    """List the accounts in the store with their contacts and team size.

    \b
    Example:
        kamgraph accounts --json
    """
    from kamgraph.render.table import format_table
    from kamgraph.store import resolve_location

    rows = state.store().accounts()
    if as_json:
        echo_json(rows)
    elif not rows:
        click.echo(f"No accounts in {resolve_location(state.location)} yet: try `kamgraph demo` or `kamgraph import`.")
    else:
        from kamgraph.analysis.money import format_money

        columns = [("id", "Id"), ("name", "Name"), ("industry", "Industry"), ("country", "Country"), ("tier", "Tier"),
                   ("contacts", "Contacts"), ("team", "Team")]
        if any(r.get("company_revenue") is not None for r in rows):  # the customer's own size, not our revenue
            rows = [{**r, "size": format_money(r.get("company_revenue"), r.get("currency"))} for r in rows]
            columns.insert(4, ("size", "Company size"))
        click.echo(format_table(rows, columns))


@cli.command()
@click.argument("account")
@click.option("--side", type=click.Choice(SIDES), help="Only the customer's people, or only ours.")
@click.option("--unknown", is_flag=True, help="Instead: unknown stakeholders, people at the account's domains seen "
              "in imported mail and meetings whom nobody entered, with how often and with whom.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@click.pass_obj
def people(state: State, account: str, side: str | None, unknown: bool, as_json: bool) -> None:
    """List an account's people: its contacts and our team. ACCOUNT is an id or a name (case and accents aside).

    \b
    Examples:
        kamgraph people ACC-NWR
        kamgraph people "Northwind Retail Group" --side customer --json
        kamgraph people ACC-NWR --unknown
    """
    if unknown:
        from kamgraph.cli.activity_commands import echo_unknown

        return echo_unknown(state, account, as_json)
    from kamgraph.render.table import format_table
    from kamgraph.snapshot import load_snapshot, people_rows

    rows = people_rows(load_snapshot(state.store(), account))
    if side:
        rows = [r for r in rows if r["side"] == side]
    if as_json:
        echo_json(rows)
        return
    click.echo(format_table(rows, [("id", "Id"), ("name", "Name"), ("side", "Side"), ("title", "Title"),
                                   ("department", "Department"), ("roles", "Roles"), ("attitude", "Attitude"),
                                   ("status", "Status")]))


@cli.command()
@click.option("-o", "--out", type=click.Path(file_okay=False, path_type=Path), default=Path("kamgraph-demo"),
              show_default=True, help="Directory for the pages the demo writes.")
@click.pass_obj
def demo(state: State, out: Path) -> None:
    """Load a realistic sample portfolio into the store and write pages to open.

    The sample: a large retail key account (about a hundred people in its
    buying centre, a ten-person account team, politics and a departed
    colleague) and three distribution accounts. Running it again updates the
    sample in place.

    \b
    Example:
        kamgraph demo --out demo/ && xdg-open demo/index.html
    """
    from kamgraph.demo import run_demo
    from kamgraph.render.table import format_table

    store = state.store()
    click.echo(f"Loading the sample portfolio into {store.location}…", err=True)
    report = run_demo(store, out)
    click.echo(format_table(report.accounts, [("id", "Id"), ("name", "Account"), ("tier", "Tier"),
                                              ("contacts", "Contacts"), ("team", "Team"),
                                              ("relationships", "Relationships"), ("interactions", "Interactions")]))
    created, updated, unchanged = (report.summary.total(k) for k in ("created", "updated", "unchanged"))
    click.echo(f"\nRecords: {created} created, {updated} updated, {unchanged} unchanged.")
    for path in report.files:
        click.echo(f"Wrote {path}")
    if report.files:
        click.echo(f"Open {report.files[-1]} in a browser; then try: kamgraph analyze ACC-NWR")
