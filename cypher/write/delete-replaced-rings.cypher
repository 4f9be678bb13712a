// Purpose: when a run id is saved again, removes its rings of earlier generations (same transaction as marking it current).
// @param $runId string
// @param $gen string the generation that replaces them
// @returns nothing
MATCH (ring:Ring {runId: $runId})
WHERE ring.gen <> $gen
DETACH DELETE ring
