// Purpose: links sellers to their phone, email, ID document or device node of one type, creating the node when new. The seller
// is bound first, so MERGE on the relationship starts from the seller (a few links), not from a shared number (a hub).
// @template {{label}} Phone|Email|IdDocument|Device
// @template {{property}} number|address|hash|id
// @template {{rel}} USES_PHONE|USES_EMAIL|IDENTIFIED_BY|USES_DEVICE
// @param $rows list<map> {sellerId: string, value: string}, one per seller (its last non-null value in the batch)
// @returns nothing
UNWIND $rows AS r
MATCH (s:Seller {id: r.sellerId})
USING INDEX s:Seller(id)
MERGE (n:{{label}} {{{property}}: r.value})
MERGE (s)-[:{{rel}}]->(n)
