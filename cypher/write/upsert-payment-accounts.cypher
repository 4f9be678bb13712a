// Purpose: upserts payment accounts and adds seller-to-account links (a shared account gains links, never loses them).
// @param $rows list<map> {id, sellerId, kind, holderName}: strings or null
// @returns nothing
UNWIND $rows AS r
MERGE (p:PaymentAccount {id: r.id})
SET p.kind = coalesce(r.kind, p.kind),
    p.holderName = coalesce(r.holderName, p.holderName)
WITH p, r
MATCH (s:Seller {id: r.sellerId})
MERGE (s)-[:PAID_INTO]->(p)
