// Purpose: cases a run opens (in the run's publishing transaction); a case id already stored is left as it is.
// @param $rows list<map> {id, ringId, ringIds: list<string>, status, assignee: string or null, score, brands: list<string>, alertId, createdAt, updatedAt, seq: int}
// @returns nothing
UNWIND $rows AS row
MERGE (c:Case {id: row.id})
ON CREATE SET c += row
