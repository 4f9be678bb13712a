// Purpose: the named lock's live holder (a lease that has run out on the server clock counts as free).
// @param $name string lock name
// @returns holder, runId, owner: string; acquiredAt, expiresAt: int (epoch ms); no row when free
MATCH (l:RunLock {name: $name})
WHERE l.holder IS NOT NULL AND l.expiresAt > timestamp()
RETURN l.holder AS holder, l.runId AS runId, l.owner AS owner, l.acquiredAt AS acquiredAt, l.expiresAt AS expiresAt
