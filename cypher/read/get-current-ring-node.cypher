// Purpose: a ring of the current run (or of $runId) as a graph node.
// @param $ringId string
// @param $runId string or null (null: the current run)
// @returns elementId: string, props: map
MATCH (ring:Ring {id: $ringId})-[:FOUND_IN]->(run:Run)
WHERE ($runId IS NULL AND run.current = true) OR run.id = $runId
RETURN elementId(ring) AS elementId, properties(ring) AS props
LIMIT 1
