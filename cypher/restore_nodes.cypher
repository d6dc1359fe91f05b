// Create nodes from a backup, each with its label and properties (into an empty store).
// params: rows
UNWIND $rows AS row
FOREACH (_ IN CASE WHEN row.label = 'Account' THEN [1] ELSE [] END | CREATE (n:Account) SET n = row.props)
FOREACH (_ IN CASE WHEN row.label = 'Person' THEN [1] ELSE [] END | CREATE (n:Person) SET n = row.props)
FOREACH (_ IN CASE WHEN row.label = 'Opportunity' THEN [1] ELSE [] END | CREATE (n:Opportunity) SET n = row.props)
FOREACH (_ IN CASE WHEN row.label = 'Interaction' THEN [1] ELSE [] END | CREATE (n:Interaction) SET n = row.props)
FOREACH (_ IN CASE WHEN row.label = 'Snapshot' THEN [1] ELSE [] END | CREATE (n:Snapshot) SET n = row.props)
RETURN 'created' AS outcome, count(*) AS n
