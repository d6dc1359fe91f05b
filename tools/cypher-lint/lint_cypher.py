"""Send every statement the Neo4j store can send to Neo4j's own linter (lint.js beside this file).

Usage: python tools/cypher-lint/lint_cypher.py   (after `npm ci` in tools/cypher-lint)
"""

import json
import subprocess
import sys
from pathlib import Path

from kamgraph.store.base import LABELS, RELATIONSHIP_TYPES
from kamgraph.store.statements import statements

here = Path(__file__).resolve().parent
batch = []
for name, statement in sorted(statements("neo4j").items()):
    parts = statement.parts()
    for i, part in enumerate(parts, start=1):
        label = f"{name}.cypher" + (f" [{i}]" if len(parts) > 1 else "")
        batch.append({"name": label, "text": part, "params": sorted(statement.params)})
payload = {"statements": batch, "labels": list(LABELS), "relationshipTypes": list(RELATIONSHIP_TYPES)}
result = subprocess.run(["node", str(here / "lint.js")], input=json.dumps(payload), text=True, cwd=here)
sys.exit(result.returncode)
