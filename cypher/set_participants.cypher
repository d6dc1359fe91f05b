// Set the participants an interaction states (its packed list of ids), after one of them is forgotten.
// params: rows
UNWIND $rows AS row
MATCH (i:Interaction {id: row.id})
SET i.participants = row.participants
RETURN 'updated' AS outcome, count(*) AS n
