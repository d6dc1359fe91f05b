"""Account reviews over time: ``review``, ``snapshot``, ``diff`` and ``portfolio``."""

from __future__ import annotations

from pathlib import Path

import click

from kamgraph.cli.group import State, as_of_option, cli, day, echo_json
from kamgraph.errors import KamgraphError


@cli.command()
@click.argument("account")
@as_of_option
@click.pass_obj
def snapshot(state: State, account: str, as_of) -> None:
    """Record the account's relationship state in the store, to compare with later.

    Take one after each account review; `kamgraph diff` and the review pack
    compare with the latest earlier one. One snapshot per account and day.

    \b
    Example:
        kamgraph snapshot ACC-NWR
    """
    from kamgraph.reports import record_snapshot

    recorded = record_snapshot(state.store(), account, as_of=day(as_of))
    cov = recorded["coverage"]
    click.echo(f"Recorded {recorded['account']['name']} as of {recorded['as_of']}: health {recorded['health']:.0f}, "
               f"{cov['covered_decision_makers']}/{cov['decision_makers']} decision-makers covered, {cov['threads']} threads.")


@cli.command()
@click.argument("account")
@click.option("--since", type=click.DateTime(formats=["%Y-%m-%d"]), metavar="YYYY-MM-DD",
              help="Compare with the latest snapshot taken on or before this day (default: the latest earlier one).")
@as_of_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def diff(state: State, account: str, since, as_of, as_json: bool) -> None:
    """What changed since a recorded snapshot: people, roles, attitudes, relationships, health.

    \b
    Examples:
        kamgraph diff ACC-NWR
        kamgraph diff ACC-NWR --since 2026-08-31 --json
    """
    from kamgraph.reports import changes_since

    changes = changes_since(state.store(), account, since=day(since), as_of=day(as_of))
    if changes is None:
        raise KamgraphError(f"no earlier snapshot of '{account}' to compare with: record one with kamgraph snapshot")
    if as_json:
        echo_json(changes)
        return
    click.echo(f"From {changes['since']} to {changes['until']}: health {changes['health']['before']:.0f} → "
               f"{changes['health']['after']:.0f} ({changes['health']['delta']:+.1f})")
    for key, label in (("joined", "Joined"), ("left", "Left")):
        if changes[key]:
            click.echo(f"{label}: " + ", ".join(f"{p['name']} ({'ours' if p['side'] == 'supplier' else 'theirs'})"
                                               for p in changes[key]))
    for x in changes["changed"]:
        click.echo(f"Changed: {x['name']} {x['field']}: {x['before']} → {x['after']}")
    for key, label in (("links_added", "Added"), ("links_removed", "Removed"), ("links_changed", "Changed")):
        for x in changes.get(key, []):
            detail = (": " + ", ".join(f"{k} {x['before'].get(k)} → {x['after'].get(k)}"
                                       for k in sorted(set(x["before"]) | set(x["after"]))
                                       if x["before"].get(k) != x["after"].get(k))) if key == "links_changed" else ""
            click.echo(f"{label}: {x['source_name'] or x['source']} {x['type'].lower()} "
                       f"{x['target_name'] or x['target']}{detail}")
    click.echo(f"Relationships: {len(changes['strengthened'])} strengthened, {len(changes['weakened'])} weakened, "
               f"{len(changes['went_stale'])} went stale.")


@cli.command(name="review")
@click.argument("account")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True, help="The file to write.")
@click.option("--format", "fmt", type=click.Choice(["html", "md"]), default=None,
              help="html: one self-contained page with the map; md: Markdown. Default: from the file's "
                   "suffix (.html, .htm, .md), else refused.")
@as_of_option
@click.pass_obj
def review_(state: State, account: str, output: Path, fmt: str, as_of) -> None:
    """Write the account review pack: figures, next actions, changes, map, stakeholders, gaps and risks.

    The HTML opens offline and prints well (print it to PDF for the meeting).

    \b
    Examples:
        kamgraph review "Northwind Retail Group" -o review.html
        kamgraph review ACC-NWR --format md -o review.md
    """
    fmt = fmt or _review_format(output)
    from kamgraph.render.review import write_review
    from kamgraph.reports import review

    path = write_review(review(state.store(), account, as_of=day(as_of)), output, fmt)
    click.echo(f"Wrote {path}")


def _percent(share: float | None) -> str | None:
    """A share as the portfolio page shows it: 0.6643 → 66.4%."""
    return None if share is None else f"{share:.1%}"


def _review_format(output: Path) -> str:
    """The review's format as the file's suffix says, refused before any work when it says neither."""
    suffix = output.suffix.lower()
    if suffix in (".html", ".htm"):
        return "html"
    if suffix in (".md", ".markdown"):
        return "md"
    hint = " (for a PDF, write the .html and print it to PDF from a browser)" if suffix == ".pdf" else ""
    raise KamgraphError(f"{output}: a review pack is written as HTML (.html) or Markdown (.md){hint}; "
                        "name the file so, or say --format html|md")


@cli.command(name="portfolio")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Also write the HTML page here.")
@click.option("--config", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A TOML file with [portfolio.weights] and [[portfolio.tiers]] (see docs/portfolio.md).")
@as_of_option
@click.option("--since", type=click.DateTime(formats=["%Y-%m-%d"]),
              help="Count only business won (closed) on or after this day, YYYY-MM-DD.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def portfolio_(state: State, output: Path | None, config: Path | None, as_of, since, as_json: bool) -> None:
    """Every account by revenue: share, Pareto class (A/B/C), selection score, tier and relationship risks.

    Revenue is the business we won (closed-won opportunities, converted to the
    CRM's corporate currency when the import had its rates), else the declared
    annual_revenue; a customer's own company size never counts. Amounts in
    several currencies without rates are shown apart and never added.

    \b
    Examples:
        kamgraph portfolio
        kamgraph portfolio --since 2026-01-01
        kamgraph portfolio --config kamgraph.toml -o portfolio.html --json
    """
    from kamgraph.analysis.portfolio import PortfolioConfig
    from kamgraph.render.portfolio_page import write_portfolio
    from kamgraph.render.table import format_table
    from kamgraph.reports import portfolio

    settings = None
    if config:
        try:
            settings = PortfolioConfig.from_toml(config.read_text(encoding="utf-8"))
        except (ValueError, KeyError, TypeError) as exc:
            raise KamgraphError(f"{config}: {exc}") from None
    result = portfolio(state.store(), config=settings, as_of=day(as_of), since=since.date() if since else None)
    if output:
        write_portfolio(result, output)
    if as_json:
        echo_json(result)
    else:
        if result["currency"] is None and len(result["currencies"]) > 1:
            click.echo(f"Revenue is in {', '.join(result['currencies'])} with no conversion rates: each currency is "
                       "shown apart, never added; accounts are ranked by score and get no Pareto class.")
        rows = [{**row, **{k: _percent(row.get(k)) for k in ("share", "cumulative_share")},
                 "health": None if row.get("health") is None else f"{row['health']:.0f}"} for row in result["accounts"]]
        click.echo(format_table(rows, [("id", "Id"), ("name", "Account"), ("revenue_text", "Revenue"),
                                                     ("share", "Share"), ("cumulative_share", "Cumulative"),
                                                     ("pareto_class", "Class"), ("score", "Score"), ("tier", "Tier"),
                                                     ("health", "Health")]))
        if result["risks"]["single_threaded"]:
            click.echo(f"\nSingle-threaded key accounts: {', '.join(result['risks']['single_threaded'])}")
        if result["risks"]["key_people"]:
            top = result["risks"]["key_people"][0]
            click.echo(f"Carries the most key relationships: {top['name']} ({top['key_threads']} threads)")
        if output:
            click.echo(f"Wrote {output}")
