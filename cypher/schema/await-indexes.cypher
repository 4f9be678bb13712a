// Purpose: waits until every index is online, so the first queries after open() use them.
// @param $seconds int maximum wait
// @returns nothing
CALL db.awaitIndexes($seconds)
