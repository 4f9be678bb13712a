// Purpose: upserts shipment nodes and their properties (links are moved by unlink-shipments and added by
// link-shipment-shops / link-shipment-addresses in the same transaction, each a plain statement without Eager).
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
