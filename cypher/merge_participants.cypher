// Record who took part in each interaction.
// params: rows
UNWIND $rows AS row
MATCH (p:Person {id: row.person})
MATCH (i:Interaction {id: row.interaction})
OPTIONAL MATCH (p)-[old:PARTICIPATED_IN]->(i)
WITH p, i, collect(old) AS was
WITH p, i, CASE WHEN size(was) = 0 THEN 'created' ELSE 'unchanged' END AS outcome
MERGE (p)-[:PARTICIPATED_IN]->(i)
RETURN outcome, count(*) AS n
