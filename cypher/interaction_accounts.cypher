// The account each of these interactions is tied to now (ABOUT), to find the ones an import moves.
// params: ids
UNWIND $ids AS id
MATCH (n:Interaction {id: id})-[:ABOUT]->(a:Account)
RETURN n.id AS id, a.id AS account
