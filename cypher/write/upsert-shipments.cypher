// Purpose: upserts shipments with their shop and origin / destination addresses (addresses must be upserted first).
// @param $rows list<map> {id, shopId, originKey, destinationKey, carrier, trackingNo, shippedAt, declaredItem: string or null; weightKg: float or null}
// @returns nothing
UNWIND $rows AS r
MERGE (x:Shipment {id: r.id})
SET x.shopId = r.shopId,
    x.originKey = coalesce(r.originKey, x.originKey),
    x.destinationKey = coalesce(r.destinationKey, x.destinationKey),
    x.carrier = coalesce(r.carrier, x.carrier),
    x.trackingNo = coalesce(r.trackingNo, x.trackingNo),
    x.shippedAt = coalesce(r.shippedAt, x.shippedAt),
    x.weightKg = coalesce(r.weightKg, x.weightKg),
    x.declaredItem = coalesce(r.declaredItem, x.declaredItem)
WITH x, r
CALL {
  WITH x, r
  OPTIONAL MATCH (old:Shop)-[o:SHIPPED]->(x) WHERE old.id <> r.shopId
  DELETE o
  WITH DISTINCT x, r
  MATCH (sh:Shop {id: r.shopId})
  MERGE (sh)-[:SHIPPED]->(x)
}
CALL {
  WITH x, r
  WITH x, r WHERE r.originKey IS NOT NULL
  OPTIONAL MATCH (x)-[o:FROM]->(a0:Address) WHERE a0.key <> r.originKey
  DELETE o
  WITH DISTINCT x, r
  MATCH (a:Address {key: r.originKey})
  MERGE (x)-[:FROM]->(a)
}
CALL {
  WITH x, r
  WITH x, r WHERE r.destinationKey IS NOT NULL
  OPTIONAL MATCH (x)-[o:TO]->(a0:Address) WHERE a0.key <> r.destinationKey
  DELETE o
  WITH DISTINCT x, r
  MATCH (a:Address {key: r.destinationKey})
  MERGE (x)-[:TO]->(a)
}
