// Create or update informal influence between people (INFLUENCES).
// params: rows
UNWIND $rows AS row
MATCH (a:Person {id: row.source})
MATCH (b:Person {id: row.target})
OPTIONAL MATCH (a)-[old:INFLUENCES]->(b)
WITH a, b, row, collect(properties(old)) AS was
WITH a, b, row, CASE WHEN size(was) = 0 THEN 'created' WHEN was[0] = row.props THEN 'unchanged' ELSE 'updated' END AS outcome
MERGE (a)-[r:INFLUENCES]->(b)
SET r = row.props
RETURN outcome, count(*) AS n
