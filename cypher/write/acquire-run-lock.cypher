// Purpose: takes the named lock for $holder when it is free, already $holder's, or its lease has run out (server clock);
// otherwise leaves it as it is. Setting a property first takes the node's write lock, so the holder and expiry read
// after it are the latest committed ones and two processes racing cannot both win.
// @param $name string lock name
// @param $holder string the attempt's unique id
// @param $runId string the run the holder will write
// @param $owner string people-readable origin of the attempt
// @param $leaseMs int lease length in milliseconds
// @returns acquired: boolean; holder, runId, owner: string; acquiredAt, expiresAt: int (epoch ms) of whoever holds it now
MERGE (l:RunLock {name: $name})
SET l.claimedBy = $holder
WITH l, timestamp() AS now
WITH l, now, (l.holder IS NULL OR l.holder = $holder OR l.expiresAt <= now) AS free, coalesce(l.holder = $holder, false) AS mine
WITH l, free, CASE WHEN free
  THEN {holder: $holder, runId: $runId, owner: $owner, acquiredAt: CASE WHEN mine THEN l.acquiredAt ELSE now END, expiresAt: now + $leaseMs}
  ELSE {holder: l.holder, runId: l.runId, owner: l.owner, acquiredAt: l.acquiredAt, expiresAt: l.expiresAt} END AS next
SET l += next
REMOVE l.claimedBy
RETURN free AS acquired, next.holder AS holder, next.runId AS runId, next.owner AS owner, next.acquiredAt AS acquiredAt, next.expiresAt AS expiresAt
