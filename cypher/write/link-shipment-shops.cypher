// Purpose: links shipments to the shop that shipped them (shipment bound first: it has one such link, a shop thousands).
// @param $rows list<map> {id: string, shopId: string}
// @returns nothing
UNWIND $rows AS r
MATCH (x:Shipment {id: r.id})
USING INDEX x:Shipment(id)
MATCH (sh:Shop {id: r.shopId})
USING INDEX sh:Shop(id)
MERGE (sh)-[:SHIPPED]->(x)
