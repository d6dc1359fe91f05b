// Remove buying roles on these opportunities that the import no longer lists (an export states them all).
// Matched from the opportunity, and `p` left without a label: FalkorDB would otherwise scan every Person per row.
// params: rows
UNWIND $rows AS row
MATCH (o:Opportunity {id: row.opportunity})<-[r:HAS_ROLE]-(p)
WHERE NOT (p.id + '|' + r.role) IN row.keep
DELETE r
