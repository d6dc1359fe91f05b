// Create or update opportunities, each ABOUT one account.
// params: rows
UNWIND $rows AS row
MATCH (account:Account {id: row.account})
OPTIONAL MATCH (old:Opportunity {id: row.id})
OPTIONAL MATCH (old)-[:ABOUT]->(was:Account)
WITH row, account, old, collect(was.id) AS was_about
WITH row, account, CASE WHEN old IS NULL THEN 'created' WHEN properties(old) = row.props AND was_about = [row.account] THEN 'unchanged' ELSE 'updated' END AS outcome
MERGE (o:Opportunity {id: row.id})
SET o = row.props
MERGE (o)-[:ABOUT]->(account)
WITH o, account, outcome
OPTIONAL MATCH (o)-[moved:ABOUT]->(other:Account)
WHERE other.id <> account.id
DELETE moved
RETURN outcome, count(DISTINCT o) AS n
