// Purpose: removes every EVIDENCE_LINK relationship (the written evidence graph of a `--projection written` run), in
// server-side batches (needs an auto-commit transaction). Runs before the links are written (a run that died leaves
// none behind for the next) and as soon as the native projection holds them.
// @param $batchSize int relationships per inner transaction
// @returns nothing
MATCH ()-[link:EVIDENCE_LINK]->()
CALL { WITH link DELETE link } IN TRANSACTIONS OF $batchSize ROWS
