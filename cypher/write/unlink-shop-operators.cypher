// Purpose: a shop has one operating seller: drops OPERATES links from any other seller (run before link-shop-operators).
// @param $rows list<map> {shopId: string, sellerId: string}, one per shop (its last row in the batch)
// @returns nothing
UNWIND $rows AS r
MATCH (sh:Shop {id: r.shopId})<-[o:OPERATES]-(old:Seller)
USING INDEX sh:Shop(id)
WHERE old.id <> r.sellerId
DELETE o
