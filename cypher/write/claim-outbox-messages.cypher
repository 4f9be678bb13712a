// Purpose: claims due webhook messages, oldest first, for $claimMs: each message's write lock is taken before its
// claim is checked again, so two senders never claim the same message at once. A failed message claimed with
// $includeFailed starts its attempts over.
// @param $nowMs int caller's clock
// @param $claimMs int
// @param $limit int
// @param $ignoreSchedule boolean also messages whose next attempt is not due
// @param $includeFailed boolean also failed messages
// @returns message: map (OutboxMessage properties, as claimed)
MATCH (m:OutboxMessage)
WHERE (m.state = 'pending' OR ($includeFailed AND m.state = 'failed'))
  AND ($ignoreSchedule OR m.nextAttemptMs <= $nowMs) AND m.claimedUntilMs <= $nowMs
WITH m
ORDER BY m.seq
LIMIT $limit
SET m.claimLock = $nowMs
REMOVE m.claimLock
WITH m
WHERE (m.state = 'pending' OR ($includeFailed AND m.state = 'failed')) AND m.claimedUntilMs <= $nowMs
SET m.claimedUntilMs = $nowMs + $claimMs,
    m.attempts = CASE WHEN m.state = 'failed' THEN 0 ELSE m.attempts END,
    m.state = 'pending'
RETURN properties(m) AS message
ORDER BY m.seq
