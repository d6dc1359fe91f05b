// One person's node and every relationship they have, with the other end's label, id and properties.
// params: person
MATCH (p:Person {id: $person})
OPTIONAL MATCH (p)-[r]-(other)
RETURN properties(p) AS person, type(r) AS type, CASE WHEN startNode(r) = p THEN 'out' ELSE 'in' END AS direction,
       labels(other)[0] AS label, properties(other) AS other, properties(r) AS props
