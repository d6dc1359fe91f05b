// Buying roles held for the account, and on its opportunities.
// params: account
MATCH (p:Person)-[r:HAS_ROLE]->(a:Account {id: $account})
RETURN p.id AS person, properties(r) AS props, null AS opportunity
UNION ALL
MATCH (p:Person)-[r:HAS_ROLE]->(o:Opportunity)-[:ABOUT]->(a:Account {id: $account})
RETURN p.id AS person, properties(r) AS props, o.id AS opportunity
