// Every node with its label and properties (for export and for checking what a write changed).
// params:
MATCH (n)
RETURN labels(n)[0] AS label, properties(n) AS props
