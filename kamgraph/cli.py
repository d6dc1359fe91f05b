"""The ``kamgraph`` command: a thin layer over the library, one library call a command.

Errors a user can fix (:class:`~kamgraph.errors.KamgraphError`) become one
``Error: …`` line and exit code 1; anything else is reported the same way with
a hint to rerun with ``--debug``, which shows the traceback.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import click

from kamgraph.analysis import analyze_account, warm_paths, what_if
from kamgraph.analysis.portfolio import PortfolioConfig
from kamgraph.demo import run_demo
from kamgraph.errors import KamgraphError
from kamgraph.importer import import_paths, import_salesforce
from kamgraph.io import write_templates
from kamgraph.model import SIDES, ValidationError
from kamgraph.render import (
    analysis_text,
    format_table,
    paths_text,
    whatif_text,
    write_map,
)
from kamgraph.render.portfolio_page import write_portfolio
from kamgraph.render.review import write_review
from kamgraph.reports import changes_since, portfolio, record_snapshot, review
from kamgraph.snapshot import load_snapshot, people_rows, resolve_person
from kamgraph.store import GraphStore, open_store, resolve_location

MAX_PROBLEMS_SHOWN = 25


class _State:
    def __init__(self, location: str | None, debug: bool):
        self.location = location
        self.debug = debug
        self._store: GraphStore | None = None

    def store(self) -> GraphStore:
        if self._store is None:
            self._store = open_store(self.location)
            click.get_current_context().call_on_close(self._store.close)
        return self._store


def _problems_message(error: ValidationError) -> str:
    shown = [f"  {p}" for p in error.problems[:MAX_PROBLEMS_SHOWN]]
    more = len(error.problems) - len(shown)
    if more:
        shown.append(f"  … and {more} more")
    count = len(error.problems)
    return f"refused; nothing was written ({count} problem{'s' if count != 1 else ''}):\n" + "\n".join(shown)


class _Group(click.Group):
    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except Exception as exc:  # the one place library errors become user messages
            debug = isinstance(ctx.obj, _State) and ctx.obj.debug or "--debug" in sys.argv
            if debug:
                raise
            if isinstance(exc, ValidationError):
                raise click.ClickException(_problems_message(exc)) from None
            if isinstance(exc, KamgraphError):
                raise click.ClickException(str(exc)) from None
            raise click.ClickException(
                f"unexpected {type(exc).__name__}: {exc} (run again with --debug to see where)"
            ) from None


def _echo_json(value) -> None:
    click.echo(json.dumps(value, indent=2, ensure_ascii=False, default=str))


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option(
    "--store",
    "location",
    metavar="PATH|URL",
    help="Where the graph lives: a directory for the embedded store (default ./.kamgraph, or $KAMGRAPH_HOME), "
    "or a Neo4j URL such as bolt://localhost:7687 (credentials from NEO4J_USERNAME / NEO4J_PASSWORD). "
    "Also read from $KAMGRAPH_STORE.",
)
@click.option("--debug", is_flag=True, help="Show the full traceback when something fails.")
@click.version_option(package_name="kamgraph")
@click.pass_context
def cli(ctx: click.Context, location: str | None, debug: bool) -> None:
    """Map a key account's buying centre and your account team as a graph.

    \b
    Start with the sample portfolio:
        kamgraph demo --out demo/      # then open demo/index.html
    Bring your own data:
        kamgraph template import/      # empty CSV templates and a README
        kamgraph import import/        # checked whole before anything is written
        kamgraph import salesforce export/
        kamgraph accounts
        kamgraph people "Northwind Retail Group"
    Find what puts an account at risk:
        kamgraph analyze "Northwind Retail Group"
        kamgraph whatif ACC-NWR --without OUR-01
        kamgraph paths ACC-NWR --to NWR-001
    Share a map, prepare a review:
        kamgraph map ACC-NWR -o northwind.html
        kamgraph review ACC-NWR -o review.html && kamgraph snapshot ACC-NWR
        kamgraph portfolio -o portfolio.html
    """
    ctx.obj = _State(location, debug)


@cli.command()
@click.pass_obj
def init(state: _State) -> None:
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


def _summary_table(summary) -> str:
    rows = [{"kind": kind, **counts} for kind, counts in summary.as_dict().items()]
    return format_table(rows, [("kind", "Records"), ("created", "Created"), ("updated", "Updated"),
                               ("unchanged", "Unchanged (skipped)")])


@cli.command(name="import")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--check", "--dry-run", "check", is_flag=True,
              help="Read and check everything against the store; write nothing.")
@click.pass_obj
def import_(state: _State, paths: tuple[Path, ...], check: bool) -> None:
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
    click.echo(_summary_table(report.summary))


def _echo_salesforce(report) -> None:
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
        click.echo(_summary_table(report.summary))


@cli.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--xlsx", is_flag=True, help="Write one workbook with a sheet per kind instead of CSV files.")
def template(directory: Path, xlsx: bool) -> None:
    """Write empty import templates (header rows only) and a README of every column.

    \b
    Example:
        kamgraph template import/ && ls import/
    """
    for path in write_templates(directory, xlsx=xlsx):
        click.echo(str(path))


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@click.pass_obj
def accounts(state: _State, as_json: bool) -> None:
    """List the accounts in the store with their contacts and team size.

    \b
    Example:
        kamgraph accounts --json
    """
    rows = state.store().accounts()
    if as_json:
        _echo_json(rows)
    elif not rows:
        click.echo(f"No accounts in {resolve_location(state.location)} yet: try `kamgraph demo` or `kamgraph import`.")
    else:
        click.echo(format_table(rows, [("id", "Id"), ("name", "Name"), ("industry", "Industry"), ("country", "Country"),
                                       ("tier", "Tier"), ("contacts", "Contacts"), ("team", "Team")]))


@cli.command()
@click.argument("account")
@click.option("--side", type=click.Choice(SIDES), help="Only the customer's people, or only ours.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
@click.pass_obj
def people(state: _State, account: str, side: str | None, as_json: bool) -> None:
    """List an account's people: its contacts and our team. ACCOUNT is an id or an exact name.

    \b
    Examples:
        kamgraph people ACC-NWR
        kamgraph people "Northwind Retail Group" --side customer --json
    """
    rows = people_rows(load_snapshot(state.store(), account))
    if side:
        rows = [r for r in rows if r["side"] == side]
    if as_json:
        _echo_json(rows)
        return
    click.echo(format_table(rows, [("id", "Id"), ("name", "Name"), ("side", "Side"), ("title", "Title"),
                                   ("department", "Department"), ("roles", "Roles"), ("attitude", "Attitude"),
                                   ("status", "Status")]))


def _as_of_option(command):
    return click.option(
        "--as-of", "as_of", type=click.DateTime(formats=["%Y-%m-%d"]), default=None, metavar="YYYY-MM-DD",
        help="Measure recency and staleness from this day and ignore later interactions (default: today).",
    )(command)


def _day(value) -> dt.date | None:
    return value.date() if value is not None else None


@cli.command()
@click.argument("account")
@_as_of_option
@click.option("--json", "as_json", is_flag=True, help="Print the full analysis as JSON.")
@click.pass_obj
def analyze(state: _State, account: str, as_of, as_json: bool) -> None:
    """Decision-makers, coverage, gaps, risks and health of an account, with the reasons.

    ACCOUNT is an id or an exact name. Thresholds are documented in
    docs/analyses.md; --json gives every component behind every score.

    \b
    Examples:
        kamgraph analyze "Northwind Retail Group"
        kamgraph analyze ACC-NWR --as-of 2026-06-30 --json
    """
    result = analyze_account(load_snapshot(state.store(), account), as_of=_day(as_of))
    if as_json:
        _echo_json(result)
    else:
        click.echo(analysis_text(result), nl=False)


@cli.command()
@click.argument("account")
@click.option("--without", "without", multiple=True, required=True, metavar="PERSON",
              help="Someone who leaves (repeat for several): an id, email or exact name, ours or theirs.")
@_as_of_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def whatif(state: _State, account: str, without: tuple[str, ...], as_of, as_json: bool) -> None:
    """What the account looks like if people leave: lost coverage, threads and health.

    One of ours who leaves keeps their relationships on record, but they no
    longer cover anyone; a customer person who leaves drops out of the account.

    \b
    Examples:
        kamgraph whatif ACC-NWR --without OUR-01
        kamgraph whatif "Northwind Retail Group" --without "Finn Meyer" --without OUR-04 --json
    """
    graph = load_snapshot(state.store(), account)
    people = [resolve_person(graph, key) for key in without]
    result = what_if(graph, people, as_of=_day(as_of))
    if as_json:
        _echo_json(result)
    else:
        click.echo(whatif_text(result), nl=False)


@cli.command()
@click.argument("account")
@click.option("--to", "target", required=True, metavar="PERSON", help="The customer person to reach: id, email or exact name.")
@click.option("--k", "k", type=click.IntRange(1, 50), default=3, show_default=True, help="How many paths.")
@_as_of_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def paths(state: _State, account: str, target: str, k: int, as_of, as_json: bool) -> None:
    """Warm introduction paths to a customer person, strongest first.

    A path starts with someone on our team, uses one of their relationships,
    then the customer's own ties (reporting lines, influence, colleagues who
    met) to reach the target; it never passes through anyone who has left.

    \b
    Examples:
        kamgraph paths ACC-NWR --to "Dmitri García"
        kamgraph paths ACC-NWR --to NWR-001 --k 5 --json
    """
    graph = load_snapshot(state.store(), account)
    result = warm_paths(graph, resolve_person(graph, target), k=k, as_of=_day(as_of))
    if as_json:
        _echo_json(result)
    else:
        click.echo(paths_text(result, {n: d.get("name") or n for n, d in graph.nodes(data=True)}), nl=False)


@cli.command(name="map")
@click.argument("account", required=False)
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="The HTML file to write (one self-contained file).")
@click.option("--portfolio", is_flag=True, help="Map every account in the store instead of one.")
@click.option("--layout", type=click.Choice(["org", "force"]), default="org", show_default=True,
              help="org: the customer's reporting lines top-down with our team beside; force: a network.")
@click.option("--focus", metavar="PERSON", help="Draw only this person's neighbourhood (id, email or exact name).")
@click.option("--depth", type=click.IntRange(1, 10), default=2, show_default=True, help="How far from --focus.")
@click.option("--group", type=click.Choice(["department"]), help="Lay people out in blocks by department.")
@click.option("--redact", is_flag=True, help="Replace the customer's names and emails by titles, to share outside.")
@click.option("--redact-all", is_flag=True, help="Redact our own team's names too.")
@_as_of_option
@click.pass_obj
def map_(state: _State, account: str | None, output: Path, portfolio: bool, layout: str, focus: str | None,
         depth: int, group: str | None, redact: bool, redact_all: bool, as_of) -> None:
    """Write an interactive relationship map to one HTML file that opens anywhere, offline.

    Customer people are coloured by attitude and sized by decision power, our
    team drawn as diamonds, relationships as wide as they are strong (dashed
    when stale, grey when held by someone who left); people with findings are
    ringed. The page has a legend, search, filters and click-to-highlight.

    \b
    Examples:
        kamgraph map "Northwind Retail Group" -o northwind.html
        kamgraph map ACC-NWR --layout force --group department -o northwind-teams.html
        kamgraph map ACC-NWR --focus NWR-001 --depth 2 --redact -o ceo-neighbourhood.html
        kamgraph map --portfolio -o portfolio.html
    """
    if portfolio == bool(account):
        raise click.UsageError("name one ACCOUNT, or use --portfolio for all of them")
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
    path = write_map(snapshots, output, as_of=_day(as_of), layout=layout, focus=focus_id, depth=depth,
                     group_by_department=group == "department", redact=redact or redact_all, redact_all=redact_all)
    click.echo(f"Wrote {path}")


@cli.command()
@click.argument("account")
@_as_of_option
@click.pass_obj
def snapshot(state: _State, account: str, as_of) -> None:
    """Record the account's relationship state in the store, to compare with later.

    Take one after each account review; `kamgraph diff` and the review pack
    compare with the latest earlier one. One snapshot per account and day.

    \b
    Example:
        kamgraph snapshot ACC-NWR
    """
    recorded = record_snapshot(state.store(), account, as_of=_day(as_of))
    cov = recorded["coverage"]
    click.echo(f"Recorded {recorded['account']['name']} as of {recorded['as_of']}: health {recorded['health']:.0f}, "
               f"{cov['covered_decision_makers']}/{cov['decision_makers']} decision-makers covered, {cov['threads']} threads.")


@cli.command()
@click.argument("account")
@click.option("--since", type=click.DateTime(formats=["%Y-%m-%d"]), metavar="YYYY-MM-DD",
              help="Compare with the latest snapshot taken on or before this day (default: the latest earlier one).")
@_as_of_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def diff(state: _State, account: str, since, as_of, as_json: bool) -> None:
    """What changed since a recorded snapshot: people, roles, attitudes, relationships, health.

    \b
    Examples:
        kamgraph diff ACC-NWR
        kamgraph diff ACC-NWR --since 2026-08-31 --json
    """
    changes = changes_since(state.store(), account, since=_day(since), as_of=_day(as_of))
    if changes is None:
        raise KamgraphError(f"no earlier snapshot of '{account}' to compare with: record one with kamgraph snapshot")
    if as_json:
        _echo_json(changes)
        return
    click.echo(f"From {changes['since']} to {changes['until']}: health {changes['health']['before']:.0f} → "
               f"{changes['health']['after']:.0f} ({changes['health']['delta']:+.1f})")
    for key, label in (("joined", "Joined"), ("left", "Left")):
        if changes[key]:
            click.echo(f"{label}: " + ", ".join(f"{p['name']} ({'ours' if p['side'] == 'supplier' else 'theirs'})"
                                               for p in changes[key]))
    for x in changes["changed"]:
        click.echo(f"Changed: {x['name']} {x['field']}: {x['before']} → {x['after']}")
    click.echo(f"Relationships: {len(changes['strengthened'])} strengthened, {len(changes['weakened'])} weakened, "
               f"{len(changes['went_stale'])} went stale.")


@cli.command(name="review")
@click.argument("account")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True, help="The file to write.")
@click.option("--format", "fmt", type=click.Choice(["html", "md"]), default="html", show_default=True,
              help="html: one self-contained page with the map; md: Markdown.")
@_as_of_option
@click.pass_obj
def review_(state: _State, account: str, output: Path, fmt: str, as_of) -> None:
    """Write the account review pack: figures, next actions, changes, map, stakeholders, gaps and risks.

    The HTML opens offline and prints well (print it to PDF for the meeting).

    \b
    Examples:
        kamgraph review "Northwind Retail Group" -o review.html
        kamgraph review ACC-NWR --format md -o review.md
    """
    path = write_review(review(state.store(), account, as_of=_day(as_of)), output, fmt)
    click.echo(f"Wrote {path}")


@cli.command(name="portfolio")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="Also write the HTML page here.")
@click.option("--config", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A TOML file with [portfolio.weights] and [[portfolio.tiers]] (see docs/portfolio.md).")
@_as_of_option
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_obj
def portfolio_(state: _State, output: Path | None, config: Path | None, as_of, as_json: bool) -> None:
    """Every account by revenue: share, Pareto class (A/B/C), selection score, tier and relationship risks.

    \b
    Examples:
        kamgraph portfolio
        kamgraph portfolio --config kamgraph.toml -o portfolio.html --json
    """
    settings = None
    if config:
        try:
            settings = PortfolioConfig.from_toml(config.read_text(encoding="utf-8"))
        except (ValueError, KeyError, TypeError) as exc:
            raise KamgraphError(f"{config}: {exc}") from None
    result = portfolio(state.store(), config=settings, as_of=_day(as_of))
    if output:
        write_portfolio(result, output)
    if as_json:
        _echo_json(result)
    else:
        click.echo(format_table(result["accounts"], [("id", "Id"), ("name", "Account"), ("revenue", "Revenue"),
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


@cli.command()
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("kamgraph-demo"),
              show_default=True, help="Directory for the pages the demo writes.")
@click.pass_obj
def demo(state: _State, out: Path) -> None:
    """Load a realistic sample portfolio into the store and write pages to open.

    The sample: a large retail key account (about a hundred people in its
    buying centre, a ten-person account team, politics and a departed
    colleague) and three distribution accounts. Running it again updates the
    sample in place.

    \b
    Example:
        kamgraph demo --out demo/ && xdg-open demo/index.html
    """
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


def main() -> None:
    cli(prog_name="kamgraph")


if __name__ == "__main__":
    main()
