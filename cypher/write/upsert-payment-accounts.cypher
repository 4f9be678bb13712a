// Purpose: upserts payment accounts and adds seller-to-account links (a shared account gains links, never loses them).
// The seller is matched before the account is merged so the relationship MERGE starts from the seller's few links.
// @param $rows list<map> {id, sellerId, kind, holderName}: strings or null
// @returns nothing
UNWIND $rows AS r
MATCH (s:Seller {id: r.sellerId})
USING INDEX s:Seller(id)
MERGE (p:PaymentAccount {id: r.id})
SET p.kind = coalesce(r.kind, p.kind),
    p.holderName = coalesce(r.holderName, p.holderName)
MERGE (s)-[:PAID_INTO]->(p)
