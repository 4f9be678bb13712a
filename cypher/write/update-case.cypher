// Purpose: a person's change to a case: takes the case's write lock, checks the status it must still have, sets the
// status and/or assignee and the updated time, and appends the event — all or nothing.
// @param $caseId string
// @param $expectedStatus string or null (null: any)
// @param $status string or null (null: unchanged)
// @param $setAssignee boolean
// @param $assignee string or null
// @param $event map {id, caseId, kind, author, role, at, body, seq}
// @returns case: map (Case properties); no row when the case is missing or its status is not $expectedStatus
MATCH (c:Case {id: $caseId})
SET c.lockedBy = $event.id
REMOVE c.lockedBy
WITH c
WHERE $expectedStatus IS NULL OR c.status = $expectedStatus
SET c.status = coalesce($status, c.status),
    c.assignee = CASE WHEN $setAssignee THEN $assignee ELSE c.assignee END,
    c.updatedAt = $event.at
CREATE (e:CaseEvent)
SET e = $event
RETURN properties(c) AS case
