"""``kamgraph person …``: one person's data, handed over (``export``) or erased (``forget``)."""

from __future__ import annotations

import json
from pathlib import Path

import click

from kamgraph.cli.group import State, cli


@cli.group(name="person")
def person_group() -> None:
    """A person's data: export everything kamgraph holds about them, or forget them.

    \b
    Examples:
        kamgraph person export 003Dn00000AbCdE -o person.json
        kamgraph person forget 003Dn00000AbCdE
    """


@person_group.command(name="export")
@click.argument("person")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), required=True,
              help="The JSON file to write.")
@click.pass_obj
def export_command(state: State, person: str, output: Path) -> None:
    """Write everything the store holds about PERSON to a JSON file.

    PERSON is an id (a Salesforce id in 15 or 18 characters), an email, or a
    name (any case, accents aside, when it names one person only).

    \b
    Example:
        kamgraph person export 003Dn00000AbCdE -o person.json
        kamgraph person export "zoe lukasik" -o person.json
    """
    from kamgraph.snapshot import resolve_stored_person
    from kamgraph.store.person_data import export_person

    store = state.store()
    data = export_person(store, resolve_stored_person(store, person))
    output.write_text(json.dumps(data, indent=2, ensure_ascii=False), encoding="utf-8")
    click.echo(f"Wrote {output}: {len(data['relationships'])} relationships, {len(data['interactions'])} interactions, "
               f"{len(data['snapshots_mentioning'])} snapshots that mention them")


@person_group.command(name="forget")
@click.argument("person")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation (for scripts).")
@click.pass_obj
def forget_command(state: State, person: str, yes: bool) -> None:
    """Erase PERSON from the store: shows what will go, asks, then deletes it and rewrites the store's files.

    PERSON is an id (a Salesforce id in 15 or 18 characters), an email, or a
    name (any case, accents aside, when it names one person only).

    \b
    Example:
        kamgraph person forget 003Dn00000AbCdE --yes
    """
    from kamgraph.snapshot import resolve_stored_person
    from kamgraph.store.person_data import forget_person, forget_plan

    store = state.store()
    person = resolve_stored_person(store, person)
    plan = forget_plan(store, person)
    click.echo("This deletes, and cannot be undone:\n" + "\n".join(f"  {line}" for line in plan.describe().splitlines()))
    if not yes:
        click.confirm("Forget this person?", abort=True)
    note = forget_person(store, plan)
    click.echo(f"Forgot {person}." + (f" Note: {note}." if note else ""))
