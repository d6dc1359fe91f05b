// Remove participations these interactions no longer list (an interaction record states everyone who took part).
// params: rows
UNWIND $rows AS row
MATCH (p:Person)-[r:PARTICIPATED_IN]->(i:Interaction {id: row.interaction})
WHERE NOT p.id IN row.keep
DELETE r
