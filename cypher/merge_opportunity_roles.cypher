// Buying-centre roles a customer person holds on one opportunity (one edge per role).
// params: rows
UNWIND $rows AS row
MATCH (p:Person {id: row.person})
MATCH (o:Opportunity {id: row.opportunity})
OPTIONAL MATCH (p)-[old:HAS_ROLE {role: row.role}]->(o)
WITH p, o, row, collect(properties(old)) AS was
WITH p, o, row, CASE WHEN size(was) = 0 THEN 'created' WHEN was[0] = row.props THEN 'unchanged' ELSE 'updated' END AS outcome
MERGE (p)-[r:HAS_ROLE {role: row.role}]->(o)
SET r = row.props
RETURN outcome, count(*) AS n
