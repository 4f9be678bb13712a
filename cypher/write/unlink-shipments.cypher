// Purpose: a shipment has one shop, one origin and one destination: drops links to any other (run before the link
// queries). Expands from the shipment (at most three links), never from a warehouse hub; new shipments match nothing.
// @param $rows list<map> {id: string, shopId: string, originKey: string or null, destinationKey: string or null}, one per shipment (its final values in the batch)
// @returns nothing
UNWIND $rows AS r
MATCH (x:Shipment {id: r.id})-[o:SHIPPED|FROM|TO]-(n)
USING INDEX x:Shipment(id)
WHERE (type(o) = 'SHIPPED' AND n.id <> r.shopId)
   OR (type(o) = 'FROM' AND r.originKey IS NOT NULL AND n.key <> r.originKey)
   OR (type(o) = 'TO' AND r.destinationKey IS NOT NULL AND n.key <> r.destinationKey)
DELETE o
