// Purpose: what the live-events stream polls: the current run, the newest alert and the newest case change.
// @returns currentRunId: string or null, lastAlertAt: string or null, lastCaseUpdateAt: string or null
OPTIONAL MATCH (run:Run {current: true})
WITH run.id AS currentRunId
LIMIT 1
OPTIONAL MATCH (a:Alert)
WITH currentRunId, max(a.createdAt) AS lastAlertAt
OPTIONAL MATCH (c:Case)
RETURN currentRunId, lastAlertAt, max(c.updatedAt) AS lastCaseUpdateAt
