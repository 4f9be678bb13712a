// Purpose: a run's rings filtered, sorted and paged, with the total before paging. Null filters are off.
// @param $runId string the run (the adapter resolves "current")
// @param $minScore float or null
// @param $minSize int or null
// @param $maxSize int or null
// @param $brands list<string> or null, rings with any of these brands
// @param $changes list<string> or null, rings whose change is one of these
// @param $tiers list<string> or null, rings whose tier is one of these (a ring written before tiers is a 'ring')
// @param $sort string 'score' or 'size'
// @param $offset int
// @param $limit int or null (null: all)
// @returns total: int, rings: list<map {runId, body}>
MATCH (ring:Ring)-[:FOUND_IN]->(run:Run {id: $runId})
WHERE ($minScore IS NULL OR ring.score >= $minScore)
  AND ($minSize IS NULL OR ring.size >= $minSize)
  AND ($maxSize IS NULL OR ring.size <= $maxSize)
  AND ($brands IS NULL OR any(b IN ring.brands WHERE b IN $brands))
  AND ($changes IS NULL OR ring.change IN $changes)
  AND ($tiers IS NULL OR coalesce(ring.tier, 'ring') IN $tiers)
WITH ring
ORDER BY CASE WHEN $sort = 'size' THEN ring.size ELSE ring.score END DESC,
         CASE WHEN $sort = 'size' THEN ring.score ELSE ring.size END DESC,
         ring.id
WITH collect(ring {runId: ring.runId, body: ring.body}) AS rings
RETURN size(rings) AS total,
       rings[$offset..CASE WHEN $limit IS NULL THEN size(rings) ELSE $offset + $limit END] AS rings
