// Purpose: ingest provenance records, newest first, paged, with the total before paging.
// @param $offset int
// @param $limit int
// @returns total: int, ingests: list<map> each {ingest: map (Ingest properties), files: list<map> (IngestFile properties, in read order)}
MATCH (i:Ingest)
OPTIONAL MATCH (i)-[:READ]->(f:IngestFile)
WITH i, f
ORDER BY f.position
WITH i, collect(properties(f)) AS files
ORDER BY i.finishedAt DESC, i.startedAt DESC, i.id DESC
WITH collect({ingest: properties(i), files: files}) AS items
RETURN size(items) AS total, items[$offset..$offset + $limit] AS ingests
