// Purpose: upserts shops; null optional fields keep known values; the operating seller follows the newest export.
// @param $rows list<map> {id, sellerId, name, url, openedAt, closedAt, status}: strings or null
// @returns nothing
UNWIND $rows AS r
MERGE (sh:Shop {id: r.id})
SET sh.sellerId = r.sellerId,
    sh.name = coalesce(r.name, sh.name),
    sh.url = coalesce(r.url, sh.url),
    sh.openedAt = coalesce(r.openedAt, sh.openedAt),
    sh.closedAt = coalesce(r.closedAt, sh.closedAt),
    sh.status = coalesce(r.status, sh.status)
WITH sh, r
CALL {
  WITH sh, r
  OPTIONAL MATCH (old:Seller)-[o:OPERATES]->(sh) WHERE old.id <> r.sellerId
  DELETE o
  WITH DISTINCT sh, r
  MATCH (s:Seller {id: r.sellerId})
  MERGE (s)-[:OPERATES]->(sh)
}
