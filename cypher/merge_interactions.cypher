// Create or update interactions (meetings, calls, emails, tasks), each ABOUT one account (a move is cleared first by drop_interaction_accounts).
// params: rows
UNWIND $rows AS row
MATCH (account:Account {id: row.account})
OPTIONAL MATCH (old:Interaction {id: row.id})
WITH row, account, CASE WHEN old IS NULL THEN 'created' WHEN properties(old) = row.props AND [(old)-[:ABOUT]->(was:Account) | was.id] = [row.account] THEN 'unchanged' ELSE 'updated' END AS outcome
MERGE (i:Interaction {id: row.id})
SET i = row.props
MERGE (i)-[:ABOUT]->(account)
RETURN outcome, count(*) AS n
