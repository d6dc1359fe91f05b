// How many nodes the store holds (a restore goes into an empty store only).
// params:
MATCH (n)
RETURN count(n) AS n
