// Delete stored snapshots by id (those that mention a forgotten person).
// params: rows
UNWIND $rows AS row
MATCH (s:Snapshot {id: row.id})
DELETE s
RETURN 'deleted' AS outcome, count(*) AS n
