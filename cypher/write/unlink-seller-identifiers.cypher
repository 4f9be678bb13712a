// Purpose: phone, email and ID document are single-valued: drops a seller's link to any other value of one type before
// link-seller-identifiers adds the current one (run first, in the same transaction). New sellers match nothing.
// @template {{label}} Phone|Email|IdDocument
// @template {{property}} number|address|hash
// @template {{rel}} USES_PHONE|USES_EMAIL|IDENTIFIED_BY
// @param $rows list<map> {sellerId: string, value: string}, one per seller (its last non-null value in the batch)
// @returns nothing
UNWIND $rows AS r
MATCH (s:Seller {id: r.sellerId})-[old:{{rel}}]->(n:{{label}})
USING INDEX s:Seller(id)
WHERE n.{{property}} <> r.value
DELETE old
