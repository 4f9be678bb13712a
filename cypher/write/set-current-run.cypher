// Purpose: marks one run current and every other run not current (run in the same transaction as link-run-rings).
// @param $runId string
// @returns nothing
MATCH (run:Run)
WHERE run.current = true OR run.id = $runId
SET run.current = (run.id = $runId)
