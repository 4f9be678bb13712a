// Purpose: what a run changes on existing cases: ring ids, score, brands, updated time; reopens a dismissed case on a
// material change (only while it is still closed-dismissed) and marks a case folded into another by a merge.
// @param $rows list<map> {caseId, ringIds: list<string>, score, brands: list<string>, updatedAt, reopen: boolean, mergedInto: string or null}
// @returns nothing
UNWIND $rows AS row
MATCH (c:Case {id: row.caseId})
SET c.ringIds = row.ringIds, c.score = row.score, c.brands = row.brands, c.updatedAt = row.updatedAt,
    c.status = CASE WHEN row.reopen AND c.status = 'closed-dismissed' THEN 'triage' ELSE c.status END,
    c.mergedInto = coalesce(row.mergedInto, c.mergedInto)
