// Create or update interactions (meetings, calls, emails, tasks), each ABOUT one account.
// params: rows
UNWIND $rows AS row
MATCH (account:Account {id: row.account})
OPTIONAL MATCH (old:Interaction {id: row.id})
OPTIONAL MATCH (old)-[:ABOUT]->(was:Account)
WITH row, account, old, collect(was.id) AS was_about
WITH row, account, CASE WHEN old IS NULL THEN 'created' WHEN properties(old) = row.props AND was_about = [row.account] THEN 'unchanged' ELSE 'updated' END AS outcome
MERGE (i:Interaction {id: row.id})
SET i = row.props
MERGE (i)-[:ABOUT]->(account)
WITH i, account, outcome
OPTIONAL MATCH (i)-[moved:ABOUT]->(other:Account)
WHERE other.id <> account.id
DELETE moved
RETURN outcome, count(DISTINCT i) AS n
