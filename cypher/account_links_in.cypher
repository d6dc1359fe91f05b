// Person-to-person relationships into the account's contacts (a sync's scope: with account_links, every
// relationship that touches one of its contacts, whoever holds the other end).
// params: account
MATCH (a:Account {id: $account})<-[:WORKS_AT]-(q:Person)<-[r:REPORTS_TO|INFLUENCES|IN_CONFLICT_WITH|KNOWS]-(p:Person)
RETURN p.id AS source, type(r) AS type, q.id AS target, properties(r) AS props
