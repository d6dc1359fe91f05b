"""``kamgraph store backup`` and ``kamgraph store restore``: a copy of the store in one file, and back."""

from __future__ import annotations

from pathlib import Path

import click

from kamgraph.cli.group import State
from kamgraph.cli.store_group import store_group


@store_group.command(name="backup")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.pass_obj
def backup_command(state: State, file: Path) -> None:
    """Write a consistent copy of the store to FILE (JSON Lines), while other commands may use it.

    \b
    Example:
        kamgraph store backup kamgraph-2026-12-03.jsonl
    """
    from kamgraph.store.backup import backup

    summary = backup(state.store(), file)
    click.echo(f"Backed up {summary.nodes} nodes and {summary.relationships} relationships to {summary.path}")


@store_group.command(name="restore")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.pass_obj
def restore_command(state: State, file: Path) -> None:
    """Bring a backup FILE back into an empty store (all or nothing).

    \b
    Example:
        kamgraph --store ./restored store restore kamgraph-2026-12-03.jsonl
    """
    from kamgraph.store.backup import restore

    summary = restore(state.store(), file)
    click.echo(f"Restored {summary.nodes} nodes and {summary.relationships} relationships into {state.store().location}")
