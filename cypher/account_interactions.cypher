// The account's interactions, one text each: id, date and kind joined by $sep (single-column rows read back fastest).
// params: account, sep
MATCH (a:Account {id: $account})<-[:ABOUT]-(i:Interaction)
RETURN i.id + $sep + coalesce(i.date, '') + $sep + coalesce(i.kind, '') AS row
