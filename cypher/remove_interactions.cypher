// Delete interactions and their edges (a sync that re-imports an exported interactions sheet without them).
// params: rows
UNWIND $rows AS row
MATCH (i:Interaction {id: row.id})
DETACH DELETE i
RETURN 'removed' AS outcome, count(*) AS n
