// Every account with how many contacts and team members it has.
// params:
MATCH (a:Account)
OPTIONAL MATCH (c:Person)-[:WORKS_AT]->(a)
WITH a, count(c) AS contacts
OPTIONAL MATCH (t:Person)-[:ON_TEAM]->(a)
RETURN properties(a) AS account, contacts, count(t) AS team, a.name AS name, a.id AS id
ORDER BY name, id
