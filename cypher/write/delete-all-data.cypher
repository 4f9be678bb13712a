// Purpose: empties the database in server-side batches (test setup and explicit resets only; needs an auto-commit transaction).
// @param $batchSize int nodes per inner transaction
// @returns nothing
MATCH (n)
CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF $batchSize ROWS
