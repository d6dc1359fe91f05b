"""The ``kamgraph`` command: a thin layer over the library, one library call a command.

The group and its error handling live in :mod:`kamgraph.cli.group`; each
module beside it holds the commands of one job and registers them on the group.
"""

from kamgraph.cli import (  # noqa: F401  (importing a command module registers its commands)
    activity_commands,
    analysis_commands,
    backup_commands,
    export_commands,
    import_commands,
    map_commands,
    person_commands,
    review_commands,
    server_commands,
    store_commands,
    store_group,
)
from kamgraph.cli.group import cli


def main() -> None:
    cli(prog_name="kamgraph")


__all__ = ["cli", "main"]
