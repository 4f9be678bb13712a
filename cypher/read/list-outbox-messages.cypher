// Purpose: every webhook outbox message, oldest first.
// @returns message: map (OutboxMessage properties)
MATCH (m:OutboxMessage)
RETURN properties(m) AS message
ORDER BY m.seq
