"""What every command pays before its own work: the modules it loads and how its JSON is written."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys

import click
import numpy as np
from click.testing import CliRunner

from kamgraph.cli.group import echo_json


def _loaded_after(code: str) -> set[str]:
    out = subprocess.run([sys.executable, "-c", f"{code}\nimport sys; print(' '.join(sys.modules))"],
                         capture_output=True, text=True, check=True).stdout
    return set(out.split())


def test_listing_accounts_loads_no_graph_library():
    loaded = _loaded_after("import kamgraph.cli, kamgraph.analysis.money, kamgraph.store.embedded")
    assert not {"networkx", "scipy", "pandas", "pyvis", "numpy"} & loaded


def test_the_analysis_package_still_offers_its_names():
    import kamgraph.analysis as analysis

    assert set(analysis.__all__) <= set(dir(analysis))
    for name in analysis.__all__:
        assert callable(getattr(analysis, name)), name


def _echoed(value) -> str:
    @click.command()
    def show() -> None:
        echo_json(value)

    return CliRunner().invoke(show).output


def test_json_output_is_what_the_standard_encoder_writes():
    value = {"name": "José Muñoz 😀 \u2028 \x01", "day": dt.date(2026, 1, 2), "at": dt.datetime(2026, 1, 2, 3, 4, 5),
             "numbers": [1, 2.5, 0.1 + 0.2, -0.0, 1e16, None, True], "numpy": [np.float64(0.25), np.int64(3)],
             "keys": {1: "one", None: "none"}, "pair": (1, 2), "set": {7}, "empty": [{}, []]}
    assert _echoed(value) == json.dumps(value, indent=2, ensure_ascii=False, default=str) + "\n"


def test_an_integer_orjson_refuses_is_still_written():
    value = {"huge": 2**80, "day": dt.date(2026, 1, 2)}
    assert _echoed(value) == json.dumps(value, indent=2, ensure_ascii=False, default=str) + "\n"
