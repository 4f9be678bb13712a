// Purpose: runs, newest first, paged.
// @param $offset int
// @param $limit int
// @returns record: string (RunRecord JSON)
MATCH (run:Run)
RETURN run.record AS record
ORDER BY run.startedAt DESC, run.seq DESC
SKIP $offset LIMIT $limit
