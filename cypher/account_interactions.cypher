// The account's interactions with who took part in each.
// params: account
MATCH (i:Interaction)-[:ABOUT]->(a:Account {id: $account})
MATCH (p:Person)-[:PARTICIPATED_IN]->(i)
RETURN properties(i) AS interaction, collect(p.id) AS participants
