// Purpose: creates or replaces a Run node with its record (a saved run keeps its first save sequence).
// @param $runId string
// @param $startedAt string ISO timestamp
// @param $record string the RunRecord as JSON
// @param $seq int save order, breaks ties between equal start times
// @returns nothing
MERGE (run:Run {id: $runId})
SET run.startedAt = $startedAt, run.record = $record, run.seq = coalesce(run.seq, $seq),
    run.current = coalesce(run.current, false)
