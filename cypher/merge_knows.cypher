// Create or update declared relationships from our people to customer people (KNOWS).
// params: rows
UNWIND $rows AS row
MATCH (a:Person {id: row.source})
MATCH (b:Person {id: row.target})
OPTIONAL MATCH (a)-[old:KNOWS]->(b)
WITH a, b, row, collect(properties(old)) AS was
WITH a, b, row, CASE WHEN size(was) = 0 THEN 'created' WHEN was[0] = row.props THEN 'unchanged' ELSE 'updated' END AS outcome
MERGE (a)-[r:KNOWS]->(b)
SET r = row.props
RETURN outcome, count(*) AS n
