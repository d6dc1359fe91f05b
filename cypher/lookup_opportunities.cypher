// Stored opportunities among the given ids, with the account each is about.
// params: ids
UNWIND $ids AS id
MATCH (n:Opportunity {id: id})-[:ABOUT]->(a:Account)
RETURN n.id AS id, properties(n) AS props, a.id AS account
