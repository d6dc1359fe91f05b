// Stored people among the given ids.
// params: ids
UNWIND $ids AS id
MATCH (n:Person {id: id})
RETURN n.id AS id, properties(n) AS props
