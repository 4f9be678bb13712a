// Purpose: the current run's record.
// @returns record: string (RunRecord JSON)
MATCH (run:Run {current: true})
RETURN run.record AS record
LIMIT 1
