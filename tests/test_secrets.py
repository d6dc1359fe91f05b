"""A password written into the store's URL never appears in what kamgraph prints, with or without --debug."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from kamgraph.cli import cli

MARKER = "marker-pass-4711"


@pytest.mark.parametrize("url", [f"bolt://neo4j:{MARKER}@127.0.0.1:1", f"neo4j+s://neo4j:{MARKER}@127.0.0.1:1",
                                 f"falkordb://user:{MARKER}@127.0.0.1:1"])
@pytest.mark.parametrize("debug", [[], ["--debug"]])
def test_a_password_in_the_store_url_is_never_shown(url, debug, monkeypatch):
    monkeypatch.delenv("NEO4J_PASSWORD", raising=False)
    result = CliRunner().invoke(cli, [*debug, "--store", url, "accounts"])
    assert result.exit_code != 0
    shown = result.output + (repr(result.exception) if debug else "")
    assert "127.0.0.1" in shown or debug
    assert MARKER not in shown
    if result.exc_info and debug:
        import traceback

        assert MARKER not in "".join(traceback.format_exception(*result.exc_info))
