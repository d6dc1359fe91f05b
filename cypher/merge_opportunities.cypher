// Create or update opportunities, each ABOUT one account (a move is cleared first by drop_opportunity_accounts).
// params: rows
UNWIND $rows AS row
MATCH (account:Account {id: row.account})
OPTIONAL MATCH (old:Opportunity {id: row.id})
WITH row, account, CASE WHEN old IS NULL THEN 'created' WHEN properties(old) = row.props AND [(old)-[:ABOUT]->(was:Account) | was.id] = [row.account] THEN 'unchanged' ELSE 'updated' END AS outcome
MERGE (o:Opportunity {id: row.id})
SET o = row.props
MERGE (o)-[:ABOUT]->(account)
RETURN outcome, count(*) AS n
