// Every relationship with its ends' ids, type and properties.
// params:
MATCH (a)-[r]->(b)
RETURN a.id AS source, type(r) AS type, b.id AS target, properties(r) AS props
