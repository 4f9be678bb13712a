// Purpose: the case following each ring id (cases folded into another by a merge excluded; the oldest when several).
// @param $ringIds list<string>
// @returns ringId: string, case: map (Case properties)
UNWIND $ringIds AS ringId
MATCH (l:CaseRing {ringId: ringId})
MATCH (c:Case {id: l.caseId})
WHERE c.mergedInto IS NULL
WITH ringId, c
ORDER BY c.createdAt, c.seq
WITH ringId, collect(properties(c))[0] AS case
RETURN ringId, case
