// Purpose: links shops to their operating seller (shop bound first: the shop has one such link, the seller several).
// @param $rows list<map> {shopId: string, sellerId: string}, one per shop (its last row in the batch)
// @returns nothing
UNWIND $rows AS r
MATCH (sh:Shop {id: r.shopId})
USING INDEX sh:Shop(id)
MATCH (s:Seller {id: r.sellerId})
USING INDEX s:Seller(id)
MERGE (s)-[:OPERATES]->(sh)
