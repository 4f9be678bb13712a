// Purpose: makes a run's staged rings visible by tying them to their Run.
// @param $runId string
// @param $gen string staging generation to publish
// @returns nothing
MATCH (run:Run {id: $runId})
MATCH (ring:Ring {runId: $runId, gen: $gen})
MERGE (ring)-[:FOUND_IN]->(run)
