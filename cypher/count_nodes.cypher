// How many nodes of data the store holds (a restore goes into an empty store only; the StoreState node,
// which any write leaves, even init's, is no data).
// params:
MATCH (n)
WHERE NOT n:StoreState
RETURN count(n) AS n
