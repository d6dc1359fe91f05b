// Create or update customer people and the account each works at (a move is cleared first by drop_workplaces).
// params: rows
UNWIND $rows AS row
MATCH (account:Account {id: row.account})
OPTIONAL MATCH (old:Person {id: row.id})
WITH row, account, CASE WHEN old IS NULL THEN 'created' WHEN properties(old) = row.props AND [(old)-[:WORKS_AT]->(was:Account) | was.id] = [row.account] THEN 'unchanged' ELSE 'updated' END AS outcome
MERGE (p:Person {id: row.id})
SET p = row.props
MERGE (p)-[:WORKS_AT]->(account)
RETURN outcome, count(*) AS n
