// The account's interactions with who took part in each (scalars, not property maps: they read back faster).
// params: account
MATCH (a:Account {id: $account})<-[:ABOUT]-(i:Interaction)<-[:PARTICIPATED_IN]-(p:Person)
RETURN i.id AS id, i.date AS date, i.kind AS kind, i.subject AS subject, collect(p.id) AS participants
