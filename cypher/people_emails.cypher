// Every person with an email address, and the account a customer person works at: what mail and calendar imports match addresses against.
// params:
MATCH (p:Person)
WHERE p.email IS NOT NULL
OPTIONAL MATCH (p)-[:WORKS_AT]->(a:Account)
RETURN p.id AS id, p.email AS email, p.side AS side, p.name AS name, a.id AS account
