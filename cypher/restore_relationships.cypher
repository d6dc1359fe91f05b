// Create relationships from a backup between nodes already restored, found by label and id.
// params: rows
UNWIND $rows AS row
OPTIONAL MATCH (sp:Person {id: row.source}) WHERE row.source_label = 'Person'
OPTIONAL MATCH (si:Interaction {id: row.source}) WHERE row.source_label = 'Interaction'
OPTIONAL MATCH (so:Opportunity {id: row.source}) WHERE row.source_label = 'Opportunity'
WITH row, coalesce(sp, si, so) AS a
OPTIONAL MATCH (ta:Account {id: row.target}) WHERE row.target_label = 'Account'
OPTIONAL MATCH (tp:Person {id: row.target}) WHERE row.target_label = 'Person'
OPTIONAL MATCH (ti:Interaction {id: row.target}) WHERE row.target_label = 'Interaction'
OPTIONAL MATCH (tt:Opportunity {id: row.target}) WHERE row.target_label = 'Opportunity'
WITH row, a, coalesce(ta, tp, ti, tt) AS b
WHERE a IS NOT NULL AND b IS NOT NULL
FOREACH (_ IN CASE WHEN row.type = 'WORKS_AT' THEN [1] ELSE [] END | CREATE (a)-[r:WORKS_AT]->(b) SET r = row.props)
FOREACH (_ IN CASE WHEN row.type = 'ON_TEAM' THEN [1] ELSE [] END | CREATE (a)-[r:ON_TEAM]->(b) SET r = row.props)
FOREACH (_ IN CASE WHEN row.type = 'ABOUT' THEN [1] ELSE [] END | CREATE (a)-[r:ABOUT]->(b) SET r = row.props)
FOREACH (_ IN CASE WHEN row.type = 'PARTICIPATED_IN' THEN [1] ELSE [] END | CREATE (a)-[r:PARTICIPATED_IN]->(b) SET r = row.props)
FOREACH (_ IN CASE WHEN row.type = 'HAS_ROLE' THEN [1] ELSE [] END | CREATE (a)-[r:HAS_ROLE]->(b) SET r = row.props)
FOREACH (_ IN CASE WHEN row.type = 'REPORTS_TO' THEN [1] ELSE [] END | CREATE (a)-[r:REPORTS_TO]->(b) SET r = row.props)
FOREACH (_ IN CASE WHEN row.type = 'INFLUENCES' THEN [1] ELSE [] END | CREATE (a)-[r:INFLUENCES]->(b) SET r = row.props)
FOREACH (_ IN CASE WHEN row.type = 'IN_CONFLICT_WITH' THEN [1] ELSE [] END | CREATE (a)-[r:IN_CONFLICT_WITH]->(b) SET r = row.props)
FOREACH (_ IN CASE WHEN row.type = 'KNOWS' THEN [1] ELSE [] END | CREATE (a)-[r:KNOWS]->(b) SET r = row.props)
RETURN 'created' AS outcome, count(*) AS n
