// Purpose: upserts report nodes and their properties (links are moved by unlink-reports and added by link-report-shops /
// link-report-brands in the same transaction).
// @param $rows list<map> {id, shopId, brand, kind, verdict, reportedAt}: strings or null
// @returns nothing
UNWIND $rows AS r
MERGE (rep:Report {id: r.id})
SET rep.shopId = r.shopId,
    rep.brand = coalesce(r.brand, rep.brand),
    rep.kind = coalesce(r.kind, rep.kind),
    rep.verdict = coalesce(r.verdict, rep.verdict),
    rep.reportedAt = coalesce(r.reportedAt, rep.reportedAt)
