// Purpose: a run's alerts (in the run's publishing transaction); an alert id already stored is left as it is.
// @param $rows list<map> {id, ringId, runId, kind, score, reasons: list<string>, createdAt, caseId, brands: list<string>, seq: int}
// @returns nothing
UNWIND $rows AS row
MERGE (a:Alert {id: row.id})
ON CREATE SET a += row, a.status = 'open'
