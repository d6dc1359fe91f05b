// Create or update accounts by id; reports what each row did.
// params: rows
UNWIND $rows AS row
OPTIONAL MATCH (old:Account {id: row.id})
WITH row, CASE WHEN old IS NULL THEN 'created' WHEN properties(old) = row.props THEN 'unchanged' ELSE 'updated' END AS outcome
MERGE (a:Account {id: row.id})
SET a = row.props
RETURN outcome, count(*) AS n
