// Accounts whose id or exact name is the key a user typed.
// params: key
MATCH (a:Account)
WHERE a.id = $key OR a.name = $key
RETURN a.id AS id, a.name AS name
ORDER BY id
