// Every person's id, name and email, for matching a name or email a user typed without regard to case or accents.
// params:
MATCH (p:Person)
RETURN p.id AS id, p.name AS name, p.email AS email
ORDER BY id
