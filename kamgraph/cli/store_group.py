"""``kamgraph store …``: looking after the store itself (the commands register on ``store_group``)."""

from __future__ import annotations

from kamgraph.cli.group import cli


@cli.group(name="store")
def store_group() -> None:
    """Look after the store itself (as opposed to the accounts in it): back it up, restore it, stop its server.

    \b
    Examples:
        kamgraph store backup kamgraph-2026-12-03.jsonl
        kamgraph --store ./restored store restore kamgraph-2026-12-03.jsonl
        kamgraph store stop
    """
