"""Sharing a relationship map: ``map``."""

from __future__ import annotations

from pathlib import Path

import click

from kamgraph.cli.group import State, as_of_option, cli, day
from kamgraph.errors import KamgraphError


@cli.command(name="map")
@click.argument("account", required=False)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="The file to write: .html for the interactive page (one self-contained file); "
                   ".svg, .png or .pdf for a still picture sized for a 16:9 slide.")
@click.option("--portfolio", is_flag=True, help="Map every account in the store instead of one.")
@click.option("--layout", type=click.Choice(["org", "force"]), default="org", show_default=True,
              help="org: the customer's reporting lines top-down with our team beside; force: a network.")
@click.option("--focus", metavar="PERSON", help="Draw only this person's neighbourhood (id, email or name, case and accents aside).")
@click.option("--depth", type=click.IntRange(1, 10), default=2, show_default=True, help="How far from --focus.")
@click.option("--group", type=click.Choice(["department"]), help="Lay people out in blocks by department.")
@click.option("--redact", is_flag=True, help="Replace the customer's names and emails by titles, to share outside.")
@click.option("--redact-all", is_flag=True, help="Redact our own team's names too.")
@as_of_option
@click.pass_obj
def map_(state: State, account: str | None, output: Path, portfolio: bool, layout: str, focus: str | None,
         depth: int, group: str | None, redact: bool, redact_all: bool, as_of) -> None:
    """Write a relationship map: an interactive HTML page that opens anywhere, offline, or a picture.

    Customer people are coloured by attitude and sized by decision power, our
    team drawn as diamonds, relationships as wide as they are strong (dashed
    when stale, grey when held by someone who left); people with findings are
    ringed. The page has a legend, search, filters and click-to-highlight.

    The file's suffix chooses the format: .html is the interactive page;
    .svg, .png and .pdf are a still picture for slides and print (16:9),
    with the same layout, colours, labels and legend, and the relationship
    lines the page shows before any click.

    \b
    Examples:
        kamgraph map "Northwind Retail Group" -o northwind.html
        kamgraph map ACC-NWR --layout force --group department -o northwind-teams.html
        kamgraph map ACC-NWR --focus NWR-001 --depth 2 --redact -o ceo-neighbourhood.html
        kamgraph map --portfolio -o portfolio.html
        kamgraph map ACC-NWR --redact -o northwind.png
    """
    if portfolio == bool(account):
        raise click.UsageError("name one ACCOUNT, or use --portfolio for all of them")
    suffix = output.suffix.lower()
    if suffix not in (".html", ".htm", ".svg", ".png", ".pdf"):
        raise click.BadParameter(f"{output} ends in {suffix or 'no suffix'}: use .html (interactive page), "
                                 ".svg, .png or .pdf (still picture)", param_hint="'-o' / '--output'")
    from kamgraph.render.relationship_map import write_map
    from kamgraph.render.static_map import write_map_image
    from kamgraph.snapshot import load_snapshot, resolve_person

    store = state.store()
    if portfolio:
        snapshots = [load_snapshot(store, a["id"]) for a in store.accounts()]
        if not snapshots:
            raise KamgraphError("there are no accounts to map: try kamgraph demo or kamgraph import")
    else:
        snapshots = [load_snapshot(store, account)]
    focus_id = None
    if focus:
        if portfolio:
            raise click.UsageError("--focus works on one account; leave out --portfolio")
        focus_id = resolve_person(snapshots[0], focus)
    write = write_map if suffix in (".html", ".htm") else write_map_image
    path = write(snapshots, output, as_of=day(as_of), layout=layout, focus=focus_id, depth=depth,
                 group_by_department=group == "department", redact=redact or redact_all, redact_all=redact_all)
    click.echo(f"Wrote {path}")
