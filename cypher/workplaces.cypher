// The account each of these customer people is tied to now (WORKS_AT), to find the ones an import moves.
// params: ids
UNWIND $ids AS id
MATCH (n:Person {id: id})-[:WORKS_AT]->(a:Account)
RETURN n.id AS id, a.id AS account
