// Purpose: upserts sellers. Absent (null) optional fields keep the known value; phone, email and ID document are
// single-valued, so a new value moves the seller's USES_PHONE / USES_EMAIL / IDENTIFIED_BY link; the registered
// address link is added (links are never removed). Addresses must be upserted first.
// @param $rows list<map> {id, name, registeredAt, phone, phoneRaw, email, idNumberHash, status, registeredAddressKey}: strings or null
// @returns nothing
UNWIND $rows AS r
MERGE (s:Seller {id: r.id})
SET s.name = coalesce(r.name, s.name),
    s.registeredAt = coalesce(r.registeredAt, s.registeredAt),
    s.phone = coalesce(r.phone, s.phone),
    s.phoneRaw = coalesce(r.phoneRaw, s.phoneRaw),
    s.email = coalesce(r.email, s.email),
    s.idNumberHash = coalesce(r.idNumberHash, s.idNumberHash),
    s.status = coalesce(r.status, s.status),
    s.registeredAddressKey = coalesce(r.registeredAddressKey, s.registeredAddressKey)
WITH s, r
CALL {
  WITH s, r
  WITH s, r WHERE r.phone IS NOT NULL
  OPTIONAL MATCH (s)-[old:USES_PHONE]->(p0:Phone) WHERE p0.number <> r.phone
  DELETE old
  WITH DISTINCT s, r
  MERGE (p:Phone {number: r.phone})
  MERGE (s)-[:USES_PHONE]->(p)
}
CALL {
  WITH s, r
  WITH s, r WHERE r.email IS NOT NULL
  OPTIONAL MATCH (s)-[old:USES_EMAIL]->(e0:Email) WHERE e0.address <> r.email
  DELETE old
  WITH DISTINCT s, r
  MERGE (e:Email {address: r.email})
  MERGE (s)-[:USES_EMAIL]->(e)
}
CALL {
  WITH s, r
  WITH s, r WHERE r.idNumberHash IS NOT NULL
  OPTIONAL MATCH (s)-[old:IDENTIFIED_BY]->(d0:IdDocument) WHERE d0.hash <> r.idNumberHash
  DELETE old
  WITH DISTINCT s, r
  MERGE (d:IdDocument {hash: r.idNumberHash})
  MERGE (s)-[:IDENTIFIED_BY]->(d)
}
CALL {
  WITH s, r
  WITH s, r WHERE r.registeredAddressKey IS NOT NULL
  MATCH (a:Address {key: r.registeredAddressKey})
  MERGE (s)-[:REGISTERED_AT]->(a)
}
