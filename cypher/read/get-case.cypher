// Purpose: one case by id.
// @param $caseId string
// @returns case: map (Case properties)
MATCH (c:Case {id: $caseId})
RETURN properties(c) AS case
