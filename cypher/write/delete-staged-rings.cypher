// Purpose: removes the rings of a failed save (its staging generation), leaving every visible run untouched.
// @param $runId string
// @param $gen string staging generation to remove
// @returns nothing
MATCH (ring:Ring {runId: $runId, gen: $gen})
DETACH DELETE ring
