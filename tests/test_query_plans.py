"""FalkorDB's plan for every statement: one that names records by id must find them through the id index.

A statement that scans a whole label once per row is correct and passes every
small test, then takes hours on a real import; this catches it from the plan.
"""

from __future__ import annotations

from conftest import small_dataset

from kamgraph.store.base import GRAPH_NAME
from kamgraph.store.statements import Statement, statements

# Statements that read or change every node of a kind, on purpose.
WHOLE_SCANS = {"account_names", "all_snapshots", "backfill_participants", "backup_relationships", "count_nodes",
               "dump_nodes", "dump_relationships", "list_accounts", "people_emails",
               "people_names"}


def _plan(store, statement) -> list[str]:
    values = {"rows": "[]", "ids": "[]", "keep": "[]"}
    header = " ".join(f"{p}={values.get(p, repr(''))}" for p in sorted(statement.params))
    text = (f"CYPHER {header} " if header else "") + statement.text
    return [line.strip() for line in store._client.execute_command("GRAPH.EXPLAIN", GRAPH_NAME, text)]


def test_statements_that_name_records_by_id_find_them_through_the_index(embedded):
    embedded.write(small_dataset())
    scanning = {}
    for name, statement in sorted(statements("falkordb").items()):
        if name == "schema" or name in WHOLE_SCANS:
            continue
        plan = _plan(embedded, statement)
        if any("Label Scan" in step or "All Node Scan" in step for step in plan):
            scanning[name] = plan
    assert scanning == {}


def test_the_check_sees_a_statement_anchored_on_the_wrong_end(embedded):
    embedded.write(small_dataset())
    slow = Statement("slow", "UNWIND $rows AS row MATCH (p:Person)-[r:PARTICIPATED_IN]->(i:Interaction {id: row.id}) "
                             "WHERE NOT p.id IN row.keep DELETE r", frozenset({"rows"}))
    assert any("Label Scan | (p:Person)" in step for step in _plan(embedded, slow))
