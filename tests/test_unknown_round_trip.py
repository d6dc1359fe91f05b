"""An interaction's unknown stakeholders have a column in the native format: export and `import --sync` keep them."""

from __future__ import annotations

import pytest
from capture_fixtures import PEOPLE, TANAKA, mbox_messages, write_mbox
from click.testing import CliRunner

from kamgraph.cli import cli
from kamgraph.importer import import_dataset, import_mail
from kamgraph.io import read_paths
from kamgraph.model import ValidationError
from kamgraph.store import open_store


def _unknown_by_interaction(store) -> dict[str, tuple]:
    nodes, _ = store.dump()
    return {dict(p)["id"]: dict(p).get("unknown") for label, p in nodes if label == "Interaction"}


@pytest.mark.parametrize("export_to", ["csv", "acme.xlsx"])
def test_export_and_sync_keep_each_interactions_unknown_stakeholders(tmp_path, export_to):
    home = tmp_path / "store"
    with open_store(home) as store:
        import_dataset(store, PEOPLE)
        import_mail(store, [write_mbox(tmp_path / "m.mbox", mbox_messages())])
        before = store.dump()
        unknown = _unknown_by_interaction(store)
    assert any(u and any(e.startswith(TANAKA) for e in u) for u in unknown.values())

    def run(*args):
        result = CliRunner().invoke(cli, ["--store", str(home), *args], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        return result

    run("export", "ACME", "--interactions", "-o", str(tmp_path / export_to))
    read = read_paths([tmp_path / export_to])
    assert any(i.unknown for i in read.data.interactions)
    run("import", str(tmp_path / export_to), "--sync", "ACME", "--yes")
    with open_store(home) as store:
        assert store.dump() == before


def test_the_unknown_column_is_read_and_checked_naming_row_and_column(tmp_path):
    sheet = tmp_path / "interactions.csv"
    sheet.write_text("id,date,kind,account,participants,unknown\n"
                     "i1,2026-01-05,email,ACME,K1;Z1,\"Tanaka@ACME.co.uk 田中  太郎; li@acme.co.uk\"\n"
                     "i2,2026-01-06,email,ACME,K1;Z1,\n", encoding="utf-8")
    first, second = read_paths([sheet]).data.interactions
    assert first.unknown == ("tanaka@acme.co.uk 田中 太郎", "li@acme.co.uk")
    assert second.unknown is None
    sheet.write_text("id,date,kind,account,participants,unknown\ni1,2026-01-05,email,ACME,K1;Z1,Tanaka San\n",
                     encoding="utf-8")
    with pytest.raises(ValidationError) as error:
        read_paths([sheet])
    assert "interactions.csv" in str(error.value) and "unknown" in str(error.value) and "'Tanaka'" in str(error.value)
