// The account's recorded snapshots, oldest first.
// params: account
MATCH (s:Snapshot)
WHERE s.account = $account
RETURN s.taken_on AS taken_on, s.state AS state
ORDER BY taken_on
