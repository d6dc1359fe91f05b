// Give interactions written before kamgraph kept `participants` on the node that list, from their PARTICIPATED_IN edges.
// params:
MATCH (i:Interaction)
WHERE i.participants IS NULL
OPTIONAL MATCH (p:Person)-[:PARTICIPATED_IN]->(i)
WITH i, p
ORDER BY p.id
WITH i, collect(p.id) AS people
SET i.participants = people
