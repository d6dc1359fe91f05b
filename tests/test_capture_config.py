"""Our domains from a config file (``[capture] our_domains``), besides --our-domain."""

from __future__ import annotations

import pytest
from capture_fixtures import PEOPLE, message, write_mbox
from click.testing import CliRunner

from kamgraph.cli import cli
from kamgraph.errors import KamgraphError
from kamgraph.importer import import_dataset
from kamgraph.io.domains import config_file, our_domains_from_config
from kamgraph.store import open_store

NOTE = "Addresses at our domains that match none of our people"


@pytest.fixture
def home(tmp_path):
    home = tmp_path / "store"
    with open_store(home) as s:
        import_dataset(s, PEOPLE)
    return home


def _run(home, *args, env=None):
    result = CliRunner().invoke(cli, ["--store", str(home), *args], catch_exceptions=False, env=env or {})
    return result


def _mbox(tmp_path):
    # Zoë writes to Kim and to a colleague of ours at our group's other domain, who is not in the people sheet.
    return write_mbox(tmp_path / "m.mbox", [message("zoe@acme.co.uk", ["kim@kamsupplier.com",
                                                                       "new.colleague@kam-group.com"])])


def test_our_domains_are_read_from_kamgraph_toml_in_the_store_or_the_file_named(home, tmp_path):
    mbox = str(_mbox(tmp_path))
    assert NOTE not in _run(home, "import", "mail", mbox, "--dry-run").output
    (home / "kamgraph.toml").write_text('[capture]\nour_domains = ["kam-group.com"]\n', encoding="utf-8")
    found = _run(home, "import", "mail", mbox, "--dry-run")
    assert found.exit_code == 0, found.output
    assert f"{NOTE}: 1 (e.g. new.colleague@kam-group.com)" in found.output
    (home / "kamgraph.toml").unlink()
    other = tmp_path / "team.toml"
    other.write_text('[capture]\nour_domains = ["www.KAM-group.com"]\n', encoding="utf-8")
    assert NOTE in _run(home, "import", "mail", mbox, "--dry-run", env={"KAMGRAPH_CONFIG": str(other)}).output
    assert NOTE in _run(home, "import", "mail", mbox, "--dry-run", "--config", str(other)).output
    assert "kamgraph.toml" in _run(home, "import", "mail", "--help").output


def test_a_bad_config_is_refused_naming_the_file_and_the_entry(home, tmp_path):
    mbox = str(_mbox(tmp_path))
    bad = tmp_path / "bad.toml"
    bad.write_text('[capture]\nour_domains = ["gmail.com", "not a domain"]\n', encoding="utf-8")
    result = _run(home, "import", "mail", mbox, "--config", str(bad))
    assert result.exit_code != 0
    assert "bad.toml" in result.output and "our_domains" in result.output and "Traceback" not in result.output
    bad.write_text("[capture\n", encoding="utf-8")
    assert "not a readable TOML file" in _run(home, "import", "calendar", mbox, "--config", str(bad)).output
    missing = _run(home, "import", "mail", mbox, env={"KAMGRAPH_CONFIG": str(tmp_path / "nope.toml")})
    assert missing.exit_code != 0 and "nope.toml" in missing.output


def test_the_config_file_in_force():
    assert config_file("bolt://db.example:7687", {}) is None
    with pytest.raises(KamgraphError, match="KAMGRAPH_CONFIG"):
        config_file("/nowhere", {"KAMGRAPH_CONFIG": "/nowhere/kamgraph.toml"})


def test_no_capture_table_means_no_domains(tmp_path):
    path = tmp_path / "kamgraph.toml"
    path.write_text("[portfolio.weights]\nrevenue = 0.5\n", encoding="utf-8")
    assert our_domains_from_config(path) == ()
