// Remove person-to-person relationships (a sync: the file no longer lists them); `row.type` is the graph type.
// params: rows
UNWIND $rows AS row
MATCH (a:Person {id: row.source})-[r]->(b)
WHERE b.id = row.target AND type(r) = row.type AND 'Person' IN labels(b)
DELETE r
RETURN 'removed' AS outcome, count(*) AS n
