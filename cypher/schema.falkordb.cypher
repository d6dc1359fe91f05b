// Indexes on ids (FalkorDB's unique constraints are added beside them with GRAPH.CONSTRAINT).
// params:
CREATE INDEX FOR (n:Account) ON (n.id);
CREATE INDEX FOR (n:Person) ON (n.id);
CREATE INDEX FOR (n:Opportunity) ON (n.id);
CREATE INDEX FOR (n:Interaction) ON (n.id);
CREATE INDEX FOR (n:Snapshot) ON (n.id);
CREATE INDEX FOR (n:StoreState) ON (n.id);
CREATE INDEX FOR (n:Snapshot) ON (n.account);
CREATE INDEX FOR (n:Account) ON (n.name);
CREATE INDEX FOR (n:Person) ON (n.email)
