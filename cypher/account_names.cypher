// Every account's id and name, for matching a name a user typed without regard to case or accents.
// params:
MATCH (a:Account)
RETURN a.id AS id, a.name AS name
ORDER BY id
