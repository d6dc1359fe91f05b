// Remove buying roles held for a whole account (a sync: the file no longer lists them).
// params: rows
UNWIND $rows AS row
MATCH (p:Person {id: row.person})-[r:HAS_ROLE]->(a)
WHERE a.id = row.account AND r.role = row.role AND 'Account' IN labels(a)
DELETE r
RETURN 'removed' AS outcome, count(*) AS n
