// Purpose: frees the named lock if $holder holds it (the node stays, empty, for the next MERGE).
// @param $name string lock name
// @param $holder string the attempt's unique id
// @returns nothing
MATCH (l:RunLock {name: $name})
WHERE l.holder = $holder
REMOVE l.holder, l.runId, l.owner, l.acquiredAt, l.expiresAt, l.claimedBy
