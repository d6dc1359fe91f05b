// The account's interactions that name unknown stakeholders (addresses at its domains that matched nobody when imported).
// params: account
MATCH (a:Account {id: $account})
MATCH (a)<-[:ABOUT]-(i:Interaction)
WITH i
WHERE i.unknown IS NOT NULL
RETURN i.id AS id, i.date AS date, i.kind AS kind, i.unknown AS unknown, i.participants AS participants
