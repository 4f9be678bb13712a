// Purpose: records which case follows which ring id (the lookup behind find-cases-by-ring-ids); idempotent.
// @param $rows list<map> {ringId, caseId}
// @returns nothing
UNWIND $rows AS row
MERGE (l:CaseRing {key: row.ringId + '|' + row.caseId})
ON CREATE SET l.ringId = row.ringId, l.caseId = row.caseId
