// Purpose: the outcome of one delivery attempt; a message once sent is never changed again. stateChangedMs (the
// attempt's time) is what outbox retention counts from.
// @param $id string message id (webhook-id)
// @param $state string sent | pending | failed
// @param $attempts int
// @param $lastError string or null
// @param $nextAttemptMs int or null (null: unchanged)
// @param $sentAt string or null
// @param $atMs int when the attempt ended
// @returns nothing
MATCH (m:OutboxMessage {id: $id})
WHERE m.state <> 'sent'
SET m.state = $state, m.attempts = $attempts, m.lastError = $lastError,
    m.nextAttemptMs = coalesce($nextAttemptMs, m.nextAttemptMs), m.sentAt = $sentAt, m.claimedUntilMs = 0,
    m.stateChangedMs = $atMs
