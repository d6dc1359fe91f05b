// Every node with its label and properties (for export and for checking what a write changed); the store's
// own bookkeeping node (StoreState, the token of the last write) is no data and is left out.
// params:
MATCH (n)
WHERE NOT n:StoreState
RETURN labels(n)[0] AS label, properties(n) AS props
