// Purpose: one retention batch of the webhook outbox (its own transaction; the adapter repeats it until a batch
// comes back short): up to $limit settled messages (sent, failed for good, disabled) whose last state change is
// before $beforeMs, each one's final delivery copied onto its alert, then deleted. A pending message (waiting,
// retrying or claimed) is never matched. Messages stored before stateChangedMs existed count from sentAt (sent),
// their last scheduled attempt (failed) or their creation (disabled).
// @param $beforeMs int ms since the epoch
// @param $limit int most messages deleted
// @returns removed: int
MATCH (m:OutboxMessage)
WHERE m.state IN ['sent', 'failed', 'disabled']
  AND coalesce(
    m.stateChangedMs,
    CASE m.state WHEN 'sent' THEN datetime(m.sentAt).epochMillis WHEN 'failed' THEN m.nextAttemptMs ELSE datetime(m.createdAt).epochMillis END
  ) < $beforeMs
WITH m
LIMIT $limit
OPTIONAL MATCH (a:Alert {id: m.alertId})
SET a.deliveryState = m.state, a.deliveryAttempts = m.attempts, a.deliveryLastError = m.lastError, a.deliverySentAt = m.sentAt
DETACH DELETE m
RETURN count(*) AS removed
