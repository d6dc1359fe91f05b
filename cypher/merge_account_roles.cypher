// Buying-centre roles a customer person holds for a whole account (one edge per role).
// params: rows
UNWIND $rows AS row
MATCH (p:Person {id: row.person})
MATCH (a:Account {id: row.account})
OPTIONAL MATCH (p)-[old:HAS_ROLE {role: row.role}]->(a)
WITH p, a, row, collect(properties(old)) AS was
WITH p, a, row, CASE WHEN size(was) = 0 THEN 'created' WHEN was[0] = row.props THEN 'unchanged' ELSE 'updated' END AS outcome
MERGE (p)-[r:HAS_ROLE {role: row.role}]->(a)
SET r = row.props
RETURN outcome, count(*) AS n
