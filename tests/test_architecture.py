"""The shape of the code: layers, packaging, and the Cypher files the stores send."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from kamgraph.store.base import LABELS, RELATIONSHIP_TYPES, write_plan
from kamgraph.store.statements import DIALECTS, statements

ROOT = Path(__file__).resolve().parents[1]


def test_the_import_layers_hold():
    lint = shutil.which("lint-imports") or str(Path(sys.executable).with_name("lint-imports"))
    result = subprocess.run([lint, "--config", str(ROOT / "pyproject.toml")], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_every_package_below_kamgraph_is_shipped():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    listed = set(config["tool"]["setuptools"]["packages"])
    found = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "kamgraph").rglob("__init__.py")}
    assert found | {"kamgraph.cypher"} == listed


@pytest.mark.parametrize("dialect", DIALECTS)
def test_every_statement_declares_its_parameters_and_uses_only_those(dialect):
    for name, statement in statements(dialect).items():
        used = set(re.findall(r"\$([A-Za-z_][A-Za-z0-9_]*)", statement.text))
        assert used == statement.params, f"{name}.cypher declares {sorted(statement.params)} but uses {sorted(used)}"


def test_statements_name_only_the_models_labels_and_types():
    for statement in statements("neo4j").values():
        body = "\n".join(line for line in statement.text.splitlines() if not line.startswith("//"))
        for label in re.findall(r"\(\w*:(\w+)", body):
            assert label in LABELS, f"{statement.name}: unknown label {label}"
        for types in re.findall(r"\[\w*:([\w|]+)", body):
            for t in types.split("|"):
                assert t in RELATIONSHIP_TYPES, f"{statement.name}: unknown relationship type {t}"


def test_every_write_statement_the_plan_uses_exists_for_both_engines():
    from conftest import small_dataset

    for step in write_plan(small_dataset()):
        for dialect in DIALECTS:
            assert step.statement in statements(dialect)


def test_no_cypher_is_built_from_strings_in_python():
    pattern = re.compile(r"f[\"'][^\"']*\b(MATCH|MERGE|CREATE|SET|WHERE|RETURN)\b")
    offenders = [f"{p}:{i}" for p in (ROOT / "kamgraph").rglob("*.py")
                 for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1) if pattern.search(line)]
    assert offenders == []


def test_the_import_format_doc_is_the_one_the_code_writes():
    from kamgraph.io import columns_readme

    assert (ROOT / "docs" / "import-format.md").read_text(encoding="utf-8") == columns_readme()


def test_ci_runs_the_readmes_test_command():
    command = "pip install -e '.[dev]' && pytest"
    assert command in (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"\n{command}\n" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")
