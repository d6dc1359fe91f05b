// The interactions a person took part in, with the id and side of everyone who took part (them included).
// params: person
MATCH (p:Person {id: $person})-[:PARTICIPATED_IN]->(i:Interaction)
OPTIONAL MATCH (i)<-[:PARTICIPATED_IN]-(who:Person)
RETURN i.id AS interaction, collect(who.id) AS ids, collect(who.side) AS sides
