// The account's opportunities.
// params: account
MATCH (o:Opportunity)-[:ABOUT]->(a:Account {id: $account})
RETURN properties(o) AS opportunity
ORDER BY o.id
