"""Load the named Cypher statements in ``cypher/`` (shipped as ``kamgraph.cypher``).

A file ``NAME.cypher`` holds a statement both engines run; ``NAME.neo4j.cypher``
or ``NAME.falkordb.cypher`` holds a dialect variant and wins over the shared
file for that engine. Each file starts with comment lines; one of them,
``// params: a, b``, declares the parameters it takes, and :meth:`Statement.bind`
refuses any other set, so the file and the code that calls it cannot drift apart.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources

DIALECTS = ("falkordb", "neo4j")

_PARAMS = re.compile(r"^//\s*params:(.*)$", re.MULTILINE)


@dataclass(frozen=True)
class Statement:
    name: str
    text: str
    params: frozenset[str]

    def bind(self, params: dict) -> dict:
        if set(params) != self.params:
            raise TypeError(f"{self.name}.cypher takes {sorted(self.params)}, was given {sorted(params)}")
        return params

    def parts(self) -> list[str]:
        """The statements of a multi-statement file (schema files), comments removed."""
        body = "\n".join(line for line in self.text.splitlines() if not line.lstrip().startswith("//"))
        return [part.strip() for part in body.split(";") if part.strip()]


def _files() -> dict[str, str]:
    root = resources.files("kamgraph.cypher")
    return {entry.name: entry.read_text(encoding="utf-8") for entry in root.iterdir() if entry.name.endswith(".cypher")}


@cache
def statements(dialect: str) -> dict[str, Statement]:
    """Every statement the engine of ``dialect`` may send, by name."""
    if dialect not in DIALECTS:
        raise ValueError(f"unknown dialect {dialect!r}")
    chosen: dict[str, tuple[int, str]] = {}
    for filename, text in _files().items():
        parts = filename[: -len(".cypher")].split(".")
        if len(parts) == 2 and parts[1] in DIALECTS:
            if parts[1] != dialect:
                continue
            rank = 1
        elif len(parts) == 1:
            rank = 0
        else:
            raise ValueError(f"cypher/{filename}: name it NAME.cypher or NAME.<{'|'.join(DIALECTS)}>.cypher")
        if parts[0] not in chosen or chosen[parts[0]][0] < rank:
            chosen[parts[0]] = (rank, text)
    out = {}
    for name, (_, text) in chosen.items():
        declared = _PARAMS.search(text)
        if declared is None:
            raise ValueError(f"cypher/{name}: the header must declare '// params: …'")
        params = frozenset(p.strip() for p in declared.group(1).split(",") if p.strip())
        out[name] = Statement(name, text, params)
    return out
