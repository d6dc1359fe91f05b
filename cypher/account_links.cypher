// Person-to-person relationships among the account's contacts and team.
// params: account
MATCH (a:Account {id: $account})<-[:WORKS_AT|ON_TEAM]-(p:Person)-[r:REPORTS_TO|INFLUENCES|IN_CONFLICT_WITH|KNOWS]->(q:Person)-[:WORKS_AT|ON_TEAM]->(a)
RETURN DISTINCT p.id AS source, type(r) AS type, q.id AS target, properties(r) AS props
