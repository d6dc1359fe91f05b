// Delete interactions with their relationships (one left with only one side after a person is forgotten).
// params: rows
UNWIND $rows AS row
MATCH (i:Interaction {id: row.id})
DETACH DELETE i
RETURN 'deleted' AS outcome, count(*) AS n
