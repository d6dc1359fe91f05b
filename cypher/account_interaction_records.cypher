// The account's interactions with every property (for export; analyses read the packed account_interactions).
// params: account
MATCH (a:Account {id: $account})<-[:ABOUT]-(i:Interaction)
RETURN properties(i) AS interaction
ORDER BY i.date, i.id
