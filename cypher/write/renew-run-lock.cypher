// Purpose: extends $holder's lease on the named lock (server clock); nothing when someone else holds it.
// The write lock is taken before the holder is compared, so a renewal cannot extend a lease another process just took.
// @param $name string lock name
// @param $holder string the attempt's unique id
// @param $leaseMs int lease length in milliseconds
// @returns renewed: int (1 when renewed, else 0)
OPTIONAL MATCH (l:RunLock {name: $name})
FOREACH (x IN CASE WHEN l IS NULL THEN [] ELSE [l] END | SET x.claimedBy = $holder REMOVE x.claimedBy)
WITH l
WHERE l IS NOT NULL AND l.holder = $holder
SET l.expiresAt = timestamp() + $leaseMs
RETURN count(l) AS renewed
