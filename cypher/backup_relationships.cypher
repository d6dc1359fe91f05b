// Every relationship with the label and id of each end, its type and properties (for a backup).
// params:
MATCH (a)-[r]->(b)
RETURN labels(a)[0] AS source_label, a.id AS source, type(r) AS type, labels(b)[0] AS target_label, b.id AS target, properties(r) AS props
