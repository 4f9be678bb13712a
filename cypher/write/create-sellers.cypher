// Purpose: creates sellers that the same transaction found absent, with their phone, email, ID document, device and
// registered address links, in one pass (the upsert path spends eight statements and re-seeks the seller in each). Identifier
// nodes are shared, so they are merged; the address was upserted earlier in the transaction. A seller created by
// someone else in between fails the uniqueness constraint, and the adapter re-runs the batch on the upsert path.
// @param $rows list<map> {props: map (seller properties, nulls left out), phone, email, idNumberHash, deviceId, addressKey: string or null}, one per new seller id
// @returns nothing
UNWIND $rows AS r
CREATE (s:Seller)
SET s = r.props
WITH s, r
CALL (s, r) {
  WITH s, r WHERE r.phone IS NOT NULL
  MERGE (n:Phone {number: r.phone})
  CREATE (s)-[:USES_PHONE]->(n)
}
CALL (s, r) {
  WITH s, r WHERE r.email IS NOT NULL
  MERGE (n:Email {address: r.email})
  CREATE (s)-[:USES_EMAIL]->(n)
}
CALL (s, r) {
  WITH s, r WHERE r.idNumberHash IS NOT NULL
  MERGE (n:IdDocument {hash: r.idNumberHash})
  CREATE (s)-[:IDENTIFIED_BY]->(n)
}
CALL (s, r) {
  WITH s, r WHERE r.deviceId IS NOT NULL
  MERGE (n:Device {id: r.deviceId})
  CREATE (s)-[:USES_DEVICE]->(n)
}
CALL (s, r) {
  MATCH (a:Address {key: r.addressKey})
  CREATE (s)-[:REGISTERED_AT]->(a)
}
