"""``kamgraph import …``: every way data comes in. Files in kamgraph's format (and a Salesforce export) are the
default command, ``files``, so ``kamgraph import people.csv`` needs no command name; ``calendar`` and ``mail``
are commands of their own, with their own options."""

from __future__ import annotations

import click

from kamgraph.cli.group import cli


class DefaultCommandGroup(click.Group):
    """A group whose first argument, when it names none of its commands, goes to its default command."""

    default_command = "files"

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ctx.help_option_names:
            args = [self.default_command, *args]
        return super().parse_args(ctx, args)


@cli.group(name="import", cls=DefaultCommandGroup)
def import_group() -> None:
    """Import data: files in kamgraph's format or a Salesforce export (the default), a calendar, a mailbox.

    Everything is read and checked before anything is written; importing the
    same data again changes nothing. `kamgraph import PATH…` is `kamgraph
    import files PATH…` (a path literally named calendar or mail: write
    ./calendar).

    \b
    Examples:
        kamgraph import accounts.csv people.csv relationships.csv
        kamgraph import salesforce export-2026-11/ --dry-run
        kamgraph import calendar calendar.ics --our-domain example.com
        kamgraph import mail ~/Takeout/Mail/All.mbox --dry-run
    """
