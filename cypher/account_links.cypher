// Person-to-person relationships from the account's contacts and team (the snapshot keeps those
// whose other end is in the account too: matching both ends here made FalkorDB pair every two people).
// params: account
MATCH (a:Account {id: $account})<-[:WORKS_AT|ON_TEAM]-(p:Person)-[r:REPORTS_TO|INFLUENCES|IN_CONFLICT_WITH|KNOWS]->(q:Person)
RETURN p.id AS source, type(r) AS type, q.id AS target, properties(r) AS props
