// Delete people with every relationship they have (forgetting a person).
// params: rows
UNWIND $rows AS row
MATCH (p:Person {id: row.id})
DETACH DELETE p
RETURN 'deleted' AS outcome, count(*) AS n
