// Purpose: cases (not folded into another) filtered (null filters are off), sorted, paged; total before paging.
// @param $statuses list<string> or null
// @param $assignee string or null
// @param $brands list<string> or null (cases whose brands meet these)
// @param $minScore float or null
// @param $sort string score | updated | created
// @param $offset int
// @param $limit int
// @returns total: int, cases: list<map> (Case properties)
MATCH (c:Case)
WHERE c.mergedInto IS NULL
  AND ($statuses IS NULL OR c.status IN $statuses)
  AND ($assignee IS NULL OR c.assignee = $assignee)
  AND ($brands IS NULL OR any(b IN c.brands WHERE b IN $brands))
  AND ($minScore IS NULL OR c.score >= $minScore)
WITH c
ORDER BY CASE WHEN $sort = 'score' THEN c.score ELSE 0 END DESC,
         CASE WHEN $sort = 'created' THEN c.createdAt ELSE c.updatedAt END DESC,
         c.score DESC,
         c.seq DESC
WITH collect(properties(c)) AS cases
RETURN size(cases) AS total, cases[$offset..$offset + $limit] AS cases
