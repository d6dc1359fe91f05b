// Who took part in the account's interactions, one text each: interaction id and person id joined by $sep.
// params: account, sep
MATCH (a:Account {id: $account})<-[:ABOUT]-(i:Interaction)<-[:PARTICIPATED_IN]-(p:Person)
RETURN i.id + $sep + p.id AS row
