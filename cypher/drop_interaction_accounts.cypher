// Remove the old ABOUT of interactions that move to another account (run before the merge, in its transaction).
// params: rows
UNWIND $rows AS row
MATCH (n:Interaction {id: row.id})-[moved:ABOUT]->(other:Account)
WHERE other.id <> row.account
DELETE moved
