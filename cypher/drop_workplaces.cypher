// Remove the old WORKS_AT of customer people that move to another account (run before the merge, in its transaction).
// params: rows
UNWIND $rows AS row
MATCH (n:Person {id: row.id})-[moved:WORKS_AT]->(other:Account)
WHERE other.id <> row.account
DELETE moved
