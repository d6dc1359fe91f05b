// Remove buying roles held on one opportunity (a sync: the file no longer lists them).
// params: rows
UNWIND $rows AS row
MATCH (p:Person {id: row.person})-[r:HAS_ROLE]->(o)
WHERE o.id = row.opportunity AND r.role = row.role AND 'Opportunity' IN labels(o)
DELETE r
RETURN 'removed' AS outcome, count(*) AS n
