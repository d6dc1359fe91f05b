// Stored accounts among the given ids.
// params: ids
UNWIND $ids AS id
MATCH (n:Account {id: id})
RETURN n.id AS id, properties(n) AS props
