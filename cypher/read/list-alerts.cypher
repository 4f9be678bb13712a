// Purpose: alerts filtered (null filters are off), newest first (a run's alerts highest score first), paged, each with its outbox message; total before paging.
// @param $status string or null open | acknowledged
// @param $brands list<string> or null (liaison scope: alerts whose brands meet these)
// @param $offset int
// @param $limit int
// @returns total: int, items: list<map> {alert: Alert properties, message: OutboxMessage properties or null}
MATCH (a:Alert)
WHERE ($status IS NULL OR a.status = $status)
  AND ($brands IS NULL OR any(b IN a.brands WHERE b IN $brands))
WITH a
ORDER BY a.createdAt DESC, a.score DESC, a.seq DESC
WITH collect(a) AS alerts
WITH size(alerts) AS total, alerts[$offset..$offset + $limit] AS page
UNWIND CASE WHEN size(page) = 0 THEN [null] ELSE page END AS a
OPTIONAL MATCH (m:OutboxMessage {alertId: a.id})
WITH total, collect(CASE WHEN a IS NULL THEN null ELSE {alert: properties(a), message: properties(m)} END) AS items
RETURN total, items
