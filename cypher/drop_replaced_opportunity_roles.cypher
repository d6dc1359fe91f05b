// Remove buying roles on these opportunities that the import no longer lists (an export states them all).
// params: rows
UNWIND $rows AS row
MATCH (p:Person)-[r:HAS_ROLE]->(o:Opportunity {id: row.opportunity})
WHERE NOT (p.id + '|' + r.role) IN row.keep
DELETE r
