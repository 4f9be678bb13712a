// Purpose: links shipments to their origin (FROM) or destination (TO) address, which must exist. The shipment is bound
// first, so MERGE checks the shipment's one link of that type instead of a warehouse's thousands.
// @template {{rel}} FROM|TO
// @param $rows list<map> {id: string, key: string}
// @returns nothing
UNWIND $rows AS r
MATCH (x:Shipment {id: r.id})
USING INDEX x:Shipment(id)
MATCH (a:Address {key: r.key})
USING INDEX a:Address(key)
MERGE (x)-[:{{rel}}]->(a)
