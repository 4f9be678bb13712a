// Purpose: one ring of a run, with its why lists.
// @param $runId string
// @param $ringId string
// @returns runId: string, body: string (ring JSON), why: string or null (JSON)
MATCH (ring:Ring {id: $ringId, runId: $runId})-[:FOUND_IN]->(:Run {id: $runId})
RETURN ring.runId AS runId, ring.body AS body, ring.why AS why
LIMIT 1
