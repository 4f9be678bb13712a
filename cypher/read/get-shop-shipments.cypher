// Purpose: every shipment of the given shops, for a dossier's sources, timeline and evidence files.
// @param $shopIds list<string>
// @returns shipmentId, shopId, originKey, destinationKey, carrier, trackingNo, shippedAt: string or null, weightKg: float or null, declaredItem: string or null
UNWIND $shopIds AS shopId
MATCH (shop:Shop {id: shopId})
USING INDEX shop:Shop(id)
MATCH (shop)-[:SHIPPED]->(p:Shipment)
RETURN p.id AS shipmentId, shop.id AS shopId, p.originKey AS originKey, p.destinationKey AS destinationKey,
       p.carrier AS carrier, p.trackingNo AS trackingNo, p.shippedAt AS shippedAt, p.weightKg AS weightKg,
       p.declaredItem AS declaredItem
