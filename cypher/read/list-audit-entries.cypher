// Purpose: audit entries filtered (null filters are off), newest first, paged, with the total before paging.
// @param $since string or null ISO timestamp, inclusive
// @param $until string or null ISO timestamp, inclusive
// @param $tokenName string or null
// @param $action string or null
// @param $outcome string or null
// @param $offset int
// @param $limit int
// @returns total: int, entries: list<map> (AuditEntry properties)
MATCH (e:AuditEntry)
WHERE ($since IS NULL OR e.at >= $since)
  AND ($until IS NULL OR e.at <= $until)
  AND ($tokenName IS NULL OR e.tokenName = $tokenName)
  AND ($action IS NULL OR e.action = $action)
  AND ($outcome IS NULL OR e.outcome = $outcome)
WITH e
ORDER BY e.at DESC, e.seq DESC
WITH collect(properties(e)) AS entries
RETURN size(entries) AS total, entries[$offset..$offset + $limit] AS entries
