// Purpose: phone, email, ID document and device are single-valued: drops a seller's link to any other value of one type before
// link-seller-identifiers adds the current one (run first, in the same transaction). New sellers match nothing.
// @template {{label}} Phone|Email|IdDocument|Device
// @template {{property}} number|address|hash|id
// @template {{rel}} USES_PHONE|USES_EMAIL|IDENTIFIED_BY|USES_DEVICE
// @param $rows list<map> {sellerId: string, value: string}, one per seller (its last non-null value in the batch)
// @returns nothing
UNWIND $rows AS r
MATCH (s:Seller {id: r.sellerId})-[old:{{rel}}]->(n:{{label}})
USING INDEX s:Seller(id)
WHERE n.{{property}} <> r.value
DELETE old
