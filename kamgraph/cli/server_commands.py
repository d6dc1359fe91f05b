"""The embedded store's server: ``kamgraph store stop``."""

from __future__ import annotations

import click

from kamgraph.cli.group import State
from kamgraph.cli.store_group import store_group
from kamgraph.errors import KamgraphError


@store_group.command(name="stop")
@click.pass_obj
def stop(state: State) -> None:
    """Stop the embedded store's server now instead of when its idle period ends.

    After a command, the server stays up for $KAMGRAPH_SERVER_IDLE seconds
    (120 by default; 0 stops it as the last command leaves), so the next
    command starts quickly. Every acknowledged write is on disk already:
    stopping loses nothing. Refused while another command is using the store.

    \b
    Example:
        kamgraph store stop
    """
    import re

    from kamgraph.store import resolve_location
    from kamgraph.store.server_lifecycle import stop_server

    where = resolve_location(state.location)
    if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", where):
        raise KamgraphError(f"{where} is a server kamgraph does not run; only the embedded store's server can be stopped")
    click.echo(f"Stopped the store's server in {where}." if stop_server(where) else f"No server was running for {where}.")
