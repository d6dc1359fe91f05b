// The account each of these opportunities is tied to now (ABOUT), to find the ones an import moves.
// params: ids
UNWIND $ids AS id
MATCH (n:Opportunity {id: id})-[:ABOUT]->(a:Account)
RETURN n.id AS id, a.id AS account
