// Purpose: upserts brand / platform reports with the shop they are about and the brand they are for.
// @param $rows list<map> {id, shopId, brand, kind, verdict, reportedAt}: strings or null
// @returns nothing
UNWIND $rows AS r
MERGE (rep:Report {id: r.id})
SET rep.shopId = r.shopId,
    rep.brand = coalesce(r.brand, rep.brand),
    rep.kind = coalesce(r.kind, rep.kind),
    rep.verdict = coalesce(r.verdict, rep.verdict),
    rep.reportedAt = coalesce(r.reportedAt, rep.reportedAt)
WITH rep, r
CALL {
  WITH rep, r
  OPTIONAL MATCH (rep)-[o:ABOUT]->(old:Shop) WHERE old.id <> r.shopId
  DELETE o
  WITH DISTINCT rep, r
  MATCH (sh:Shop {id: r.shopId})
  MERGE (rep)-[:ABOUT]->(sh)
}
CALL {
  WITH rep, r
  WITH rep, r WHERE r.brand IS NOT NULL
  OPTIONAL MATCH (rep)-[o:FOR_BRAND]->(b0:Brand) WHERE b0.name <> r.brand
  DELETE o
  WITH DISTINCT rep, r
  MERGE (b:Brand {name: r.brand})
  MERGE (rep)-[:FOR_BRAND]->(b)
}
