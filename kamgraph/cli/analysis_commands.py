"""Finding what puts an account at risk: ``analyze``, ``whatif`` and ``paths``."""

from __future__ import annotations

import click

from kamgraph.cli.group import State, as_of_option, cli, day, echo_json


@cli.command()
@click.argument("account")
@as_of_option
@click.option("--json", "as_json", is_flag=True, help="Print the full analysis as JSON.")
@click.pass_obj
def analyze(state: State, account: str, as_of, as_json: bool) -> None:
    """Decision-makers, coverage, gaps, risks and health of an account, with the reasons.

    ACCOUNT is an id (a Salesforce id in 15 or 18 characters) or a name
    (case and accents aside). Thresholds are documented in docs/analyses.md;
    --json gives every component behind every score.

    \b
    Examples:
        kamgraph analyze "Northwind Retail Group"
        kamgraph analyze ACC-NWR --as-of 2026-06-30 --json
    """
    from kamgraph.analysis import analyze_account
    from kamgraph.render.analysis_text import analysis_text
    from kamgraph.snapshot import load_snapshot

    result = analyze_account(load_snapshot(state.store(), account), as_of=day(as_of))
    if as_json:
        echo_json(result)
    else:
        click.echo(analysis_text(result), nl=False)


@cli.command()
@click.argument("account")
@click.option("--without", "without", multiple=True, required=True, metavar="PERSON",
              help="Someone who leaves (repeat for several): an id, email or name (case and accents aside), ours or theirs.")
@as_of_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def whatif(state: State, account: str, without: tuple[str, ...], as_of, as_json: bool) -> None:
    """What the account looks like if people leave: lost coverage, threads and health.

    One of ours who leaves keeps their relationships on record, but they no
    longer cover anyone; a customer person who leaves drops out of the account.

    \b
    Examples:
        kamgraph whatif ACC-NWR --without OUR-01
        kamgraph whatif "Northwind Retail Group" --without "Finn Meyer" --without OUR-04 --json
    """
    from kamgraph.analysis import what_if
    from kamgraph.render.analysis_text import whatif_text
    from kamgraph.snapshot import load_snapshot, resolve_person

    graph = load_snapshot(state.store(), account)
    people = [resolve_person(graph, key) for key in without]
    result = what_if(graph, people, as_of=day(as_of))
    if as_json:
        echo_json(result)
    else:
        click.echo(whatif_text(result), nl=False)


@cli.command()
@click.argument("account")
@click.option("--to", "target", required=True, metavar="PERSON", help="The customer person to reach: id, email or name (case and accents aside).")
@click.option("--k", "k", type=click.IntRange(1, 50), default=3, show_default=True, help="How many paths.")
@as_of_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def paths(state: State, account: str, target: str, k: int, as_of, as_json: bool) -> None:
    """Warm introduction paths to a customer person, strongest first.

    A path starts with someone on our team, uses one of their relationships,
    then the customer's own ties (reporting lines, influence, colleagues who
    met) to reach the target; it never passes through anyone who has left.

    \b
    Examples:
        kamgraph paths ACC-NWR --to "Dmitri García"
        kamgraph paths ACC-NWR --to NWR-001 --k 5 --json
    """
    from kamgraph.analysis import warm_paths
    from kamgraph.render.analysis_text import paths_text
    from kamgraph.snapshot import load_snapshot, resolve_person

    graph = load_snapshot(state.store(), account)
    result = warm_paths(graph, resolve_person(graph, target), k=k, as_of=day(as_of))
    if as_json:
        echo_json(result)
    else:
        click.echo(paths_text(result, {n: d.get("name") or n for n, d in graph.nodes(data=True)}), nl=False)
