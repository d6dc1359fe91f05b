// Create or update our own people (they join accounts through ON_TEAM).
// params: rows
UNWIND $rows AS row
OPTIONAL MATCH (old:Person {id: row.id})
WITH row, CASE WHEN old IS NULL THEN 'created' WHEN properties(old) = row.props THEN 'unchanged' ELSE 'updated' END AS outcome
MERGE (p:Person {id: row.id})
SET p = row.props
RETURN outcome, count(*) AS n
