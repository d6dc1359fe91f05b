// Create or update customer people and the one account each works at (a move drops the old WORKS_AT).
// params: rows
UNWIND $rows AS row
MATCH (account:Account {id: row.account})
OPTIONAL MATCH (old:Person {id: row.id})
OPTIONAL MATCH (old)-[:WORKS_AT]->(was:Account)
WITH row, account, old, collect(was.id) AS was_at
WITH row, account, CASE WHEN old IS NULL THEN 'created' WHEN properties(old) = row.props AND was_at = [row.account] THEN 'unchanged' ELSE 'updated' END AS outcome
MERGE (p:Person {id: row.id})
SET p = row.props
MERGE (p)-[:WORKS_AT]->(account)
WITH p, account, outcome
OPTIONAL MATCH (p)-[moved:WORKS_AT]->(other:Account)
WHERE other.id <> account.id
DELETE moved
RETURN outcome, count(DISTINCT p) AS n
