// Take people off an account's team (a sync: the file no longer lists them); the people themselves stay.
// Matched from the person, and `a` left without a label: FalkorDB would otherwise scan every Account per row.
// params: rows
UNWIND $rows AS row
MATCH (p:Person {id: row.person})-[r:ON_TEAM]->(a)
WHERE a.id = row.account
DELETE r
RETURN 'removed' AS outcome, count(*) AS n
