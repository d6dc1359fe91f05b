"""The ``kamgraph`` group: global options, the store a command opens, and the one place errors become messages.

Errors a user can fix (:class:`~kamgraph.errors.KamgraphError`) become one
``Error: …`` line and exit code 1; anything else is reported the same way with
a hint to rerun with ``--debug``, which shows the traceback.

Library modules are imported inside the commands that use them, so a command
pays only for what it runs (``kamgraph accounts`` loads neither pandas nor
networkx nor pyvis).
"""

from __future__ import annotations

import datetime as dt
import json
import sys

import click

from kamgraph.errors import KamgraphError

MAX_PROBLEMS_SHOWN = 25


class State:
    """What every command is given: where the store is, and whether to show tracebacks."""

    def __init__(self, location: str | None, debug: bool):
        self.location = location
        self.debug = debug
        self._store = None

    def store(self):
        if self._store is None:
            from kamgraph.store import open_store
            from kamgraph.store.server_lifecycle import idle_from_environment

            # The embedded store's server stays up between commands ($KAMGRAPH_SERVER_IDLE, `kamgraph store stop`).
            self._store = open_store(self.location, idle=idle_from_environment())
            click.get_current_context().call_on_close(self._store.close)
        return self._store


def counted(n: int, one: str, many: str | None = None) -> str:
    """``n`` and the noun in the number it takes: ``counted(1, "person", "people")`` is "1 person"."""
    return f"{n} {one if n == 1 else many or one + 's'}"


def problems_message(error) -> str:
    shown = [f"  {p}" for p in error.problems[:MAX_PROBLEMS_SHOWN]]
    more = len(error.problems) - len(shown)
    if more:
        shown.append(f"  … and {more} more")
    count = len(error.problems)
    return f"refused; nothing was written ({count} problem{'s' if count != 1 else ''}):\n" + "\n".join(shown)


class Group(click.Group):
    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort):
            raise
        except Exception as exc:  # the one place library errors become user messages
            debug = isinstance(ctx.obj, State) and ctx.obj.debug or "--debug" in sys.argv
            if debug:
                raise
            from kamgraph.model import ValidationError

            if isinstance(exc, ValidationError):
                raise click.ClickException(problems_message(exc)) from None
            if isinstance(exc, KamgraphError):
                raise click.ClickException(str(exc)) from None
            raise click.ClickException(
                f"unexpected {type(exc).__name__}: {exc} (run again with --debug to see where)"
            ) from None


def echo_json(value) -> None:
    """Print ``value`` as indented JSON (UTF-8; dates, and anything else JSON has no type for, as their text).

    orjson writes an account's analysis (megabytes) in milliseconds where the standard library's
    encoder takes seconds; it gives the same document. Dates and dataclasses pass through to
    ``str`` as they would with :func:`json.dumps`; what orjson refuses (an integer beyond 64 bits)
    is written by :mod:`json` instead.
    """
    import orjson

    try:
        text = orjson.dumps(value, default=_as_json_default, option=orjson.OPT_INDENT_2 | orjson.OPT_NON_STR_KEYS
                            | orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_PASSTHROUGH_DATACLASS).decode()
    except orjson.JSONEncodeError:
        text = json.dumps(value, indent=2, ensure_ascii=False, default=str)
    click.echo(text)


def _as_json_default(value):
    """What :func:`json.dumps` with ``default=str`` writes for a value orjson has no type for:
    a float subclass (numpy's float64) as the number, anything else as its text."""
    return float(value) if isinstance(value, float) else str(value)


def as_of_option(command):
    return click.option(
        "--as-of", "as_of", type=click.DateTime(formats=["%Y-%m-%d"]), default=None, metavar="YYYY-MM-DD",
        help="Measure recency and staleness from this day and ignore later interactions (default: today).",
    )(command)


def day(value) -> dt.date | None:
    return value.date() if value is not None else None


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
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
        kamgraph export ACC-NWR -o northwind.xlsx   # edit it, then:
        kamgraph import northwind.xlsx --sync ACC-NWR
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
    ctx.obj = State(location, debug)
