// Purpose: a case's history, oldest first.
// @param $caseId string
// @returns event: map (CaseEvent properties)
MATCH (e:CaseEvent {caseId: $caseId})
RETURN properties(e) AS event
ORDER BY e.seq, e.id
