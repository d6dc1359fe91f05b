// The account's contacts (WORKS_AT) and its team (ON_TEAM), with the edge that ties each to it.
// params: account
MATCH (p:Person)-[r:WORKS_AT|ON_TEAM]->(a:Account {id: $account})
RETURN properties(p) AS person, type(r) AS type, properties(r) AS props
