// Every stored snapshot (to find those that mention a person).
// params:
MATCH (s:Snapshot)
RETURN s.id AS id, s.account AS account, s.taken_on AS taken_on, s.state AS state
