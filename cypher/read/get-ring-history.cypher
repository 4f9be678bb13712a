// Purpose: every run's version of one ring id, newest first.
// @param $ringId string
// @returns runId: string, startedAt: string, size: int, score: float, change: string or null
MATCH (ring:Ring {id: $ringId})-[:FOUND_IN]->(run:Run)
RETURN run.id AS runId, run.startedAt AS startedAt, ring.size AS size, ring.score AS score, ring.change AS change
ORDER BY run.startedAt DESC, run.seq DESC
