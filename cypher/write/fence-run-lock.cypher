// Purpose: the fence of a run's publishing transaction: takes the lock node's write lock (so no acquirer can change it
// until this transaction ends) and says whether $holder still holds it.
// @param $name string lock name
// @param $holder string the attempt's unique id
// @returns held: boolean
OPTIONAL MATCH (l:RunLock {name: $name})
FOREACH (x IN CASE WHEN l IS NULL THEN [] ELSE [l] END | SET x.fencedBy = $holder REMOVE x.fencedBy)
WITH l
RETURN coalesce(l.holder = $holder, false) AS held
