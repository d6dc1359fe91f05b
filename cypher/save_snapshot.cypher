// Record an account's relationship state on a day (one snapshot per account and day; a second one replaces it).
// params: rows
UNWIND $rows AS row
MERGE (s:Snapshot {id: row.id})
SET s.account = row.account, s.taken_on = row.taken_on, s.state = row.state
RETURN 'created' AS outcome, count(*) AS n
