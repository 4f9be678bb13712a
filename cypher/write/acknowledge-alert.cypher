// Purpose: acknowledges an open alert (an acknowledged one keeps its first acknowledgement).
// @param $alertId string
// @param $by string token name
// @param $at string ISO time
// @returns nothing
MATCH (a:Alert {id: $alertId})
WHERE a.status = 'open'
SET a.status = 'acknowledged', a.acknowledgedBy = $by, a.acknowledgedAt = $at
