// Give interactions written before kamgraph kept `participants` on the node that text: the ids of
// their PARTICIPATED_IN people, sorted and joined by $sep.
// params: sep
MATCH (i:Interaction)
WHERE i.participants IS NULL
OPTIONAL MATCH (p:Person)-[:PARTICIPATED_IN]->(i)
WITH i, p
ORDER BY p.id
WITH i, collect(p.id) AS people
SET i.participants = reduce(text = '', id IN people | CASE text WHEN '' THEN id ELSE text + $sep + id END)
