// Purpose: links sellers to declared addresses of one role (links are only ever added). Addresses must exist.
// @template {{rel}} REGISTERED_AT|RETURNS_TO|WAREHOUSE_AT|PICKUP_AT
// @param $rows list<map> {sellerId: string, key: string}
// @returns nothing
UNWIND $rows AS r
MATCH (s:Seller {id: r.sellerId})
USING INDEX s:Seller(id)
MATCH (a:Address {key: r.key})
USING INDEX a:Address(key)
MERGE (s)-[:{{rel}}]->(a)
