"""``kamgraph import …``: every way data comes in. Files in kamgraph's format are the default command, ``files``,
so ``kamgraph import people.csv`` needs no command name; ``salesforce``, ``calendar`` and ``mail`` are commands
of their own, with their own options and help."""

from __future__ import annotations

import click

from kamgraph.cli.group import cli


class DefaultCommandGroup(click.Group):
    """A group whose first argument, when it names none of its commands, goes to its default command.

    Options written before a command name go to that command (``kamgraph import --dry-run salesforce DIR``
    is ``kamgraph import salesforce --dry-run DIR``), as they did when every import went through ``files``.
    """

    default_command = "files"

    def _takes_value(self, option: str) -> bool:
        """Whether ``option`` (as written, without ``=value``) takes a value in any of the group's commands."""
        return any(isinstance(p, click.Option) and option in p.opts + p.secondary_opts and not p.is_flag
                   and not p.count for command in self.commands.values() for p in command.params)

    def _command_position(self, args: list[str]) -> int | None:
        """The index of a command name that only options precede, if there is one."""
        i = 0
        while i < len(args) and args[i].startswith("-") and args[i] != "--":
            i += 2 if "=" not in args[i] and self._takes_value(args[i]) else 1
        return i if 0 < i < len(args) and args[i] in self.commands else None

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ctx.help_option_names:
            at = self._command_position(args)
            args = [args[at], *args[:at], *args[at + 1:]] if at is not None else [self.default_command, *args]
        return super().parse_args(ctx, args)


@cli.group(name="import", cls=DefaultCommandGroup)
def import_group() -> None:
    """Import data: files in kamgraph's format (the default), a Salesforce export, a calendar, a mailbox.

    Everything is read and checked before anything is written; importing the
    same data again changes nothing. `kamgraph import PATH…` is `kamgraph
    import files PATH…` (a path literally named salesforce, calendar or mail:
    write ./calendar).

    \b
    Examples:
        kamgraph import accounts.csv people.csv relationships.csv
        kamgraph import salesforce export-2026-11/ --dry-run
        kamgraph import calendar calendar.ics --our-domain example.com
        kamgraph import mail ~/Takeout/Mail/All.mbox --dry-run
    """
