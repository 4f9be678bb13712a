// Purpose: appends one ingest's provenance: an Ingest node and one IngestFile per file it read, linked by READ.
// The adapter has no query that updates or deletes Ingest or IngestFile nodes.
// @param $ingest map {id, startedAt, finishedAt, actorKind, actorName, tokenId: string or null, strict: bool, written: bool, accepted: int, rejected: int}
// @param $files list<map> each {position: int, name, bytes: int, sha256, rows: int, accepted: int, rejected: int}
// @returns nothing
CREATE (i:Ingest)
SET i = $ingest
WITH i
UNWIND $files AS file
CREATE (i)-[:READ]->(f:IngestFile)
SET f = file
