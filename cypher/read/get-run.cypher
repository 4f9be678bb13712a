// Purpose: one run's record by id.
// @param $runId string
// @returns record: string (RunRecord JSON)
MATCH (run:Run {id: $runId})
RETURN run.record AS record
