// The account's interactions, one text each: id, date, kind and the participants' ids, joined by $sep
// (single-column rows read back fastest, and FalkorDB joins faster than it adds texts). A row is null for
// an interaction written before kamgraph kept `participants` on the node; `kamgraph init` fills those in.
// params: account, sep
MATCH (a:Account {id: $account})<-[:ABOUT]-(i:Interaction)
RETURN string.join([i.id, coalesce(i.date, ''), coalesce(i.kind, '')] + i.participants, $sep) AS row
