// One account's own properties.
// params: account
MATCH (a:Account {id: $account})
RETURN properties(a) AS account
