// Purpose: a run's webhook outbox messages (in the run's publishing transaction); a message id already stored is left as it is.
// @param $rows list<map> {id, alertId, payload, state, attempts: int, createdAt, nextAttemptMs: int, stateChangedMs: int, seq: int}
// @returns nothing
UNWIND $rows AS row
MERGE (m:OutboxMessage {id: row.id})
ON CREATE SET m += row, m.claimedUntilMs = 0
