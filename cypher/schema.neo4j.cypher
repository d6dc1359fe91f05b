// Uniqueness of ids, and the indexes that come with it. Safe to run again.
// params:
CREATE CONSTRAINT account_id IF NOT EXISTS FOR (n:Account) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT person_id IF NOT EXISTS FOR (n:Person) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT opportunity_id IF NOT EXISTS FOR (n:Opportunity) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT interaction_id IF NOT EXISTS FOR (n:Interaction) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT snapshot_id IF NOT EXISTS FOR (n:Snapshot) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT store_state_id IF NOT EXISTS FOR (n:StoreState) REQUIRE n.id IS UNIQUE;
CREATE INDEX snapshot_account IF NOT EXISTS FOR (n:Snapshot) ON (n.account);
CREATE INDEX account_name IF NOT EXISTS FOR (n:Account) ON (n.name);
CREATE INDEX person_email IF NOT EXISTS FOR (n:Person) ON (n.email)
