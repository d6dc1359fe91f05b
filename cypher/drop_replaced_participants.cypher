// Remove participations these interactions no longer list (an interaction record states everyone who took part).
// Matched from the interaction, and `p` left without a label: FalkorDB would otherwise scan every Person per row.
// params: rows
UNWIND $rows AS row
MATCH (i:Interaction {id: row.interaction})<-[r:PARTICIPATED_IN]-(p)
WHERE NOT p.id IN row.keep
DELETE r
