// Purpose: upserts shop nodes; null optional fields keep known values; the operating seller id follows the newest export
// (the OPERATES link itself is moved by unlink-shop-operators / link-shop-operators in the same transaction).
// @param $rows list<map> {id, sellerId, name, url, openedAt, closedAt, status}: strings or null
// @returns nothing
UNWIND $rows AS r
MERGE (sh:Shop {id: r.id})
SET sh.sellerId = r.sellerId,
    sh.name = coalesce(r.name, sh.name),
    sh.url = coalesce(r.url, sh.url),
    sh.openedAt = coalesce(r.openedAt, sh.openedAt),
    sh.closedAt = coalesce(r.closedAt, sh.closedAt),
    sh.status = coalesce(r.status, sh.status)
