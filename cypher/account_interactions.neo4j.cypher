// The account's interactions, one text each: id, date, kind and the participants' ids, joined by $sep
// (single-column rows read back fastest). A row is null for an interaction written before kamgraph kept
// `participants` on the node; `kamgraph init` fills those in.
// params: account, sep
MATCH (a:Account {id: $account})<-[:ABOUT]-(i:Interaction)
RETURN i.id + $sep + coalesce(i.date, '') + $sep + coalesce(i.kind, '') + $sep + i.participants AS row
