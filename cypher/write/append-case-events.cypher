// Purpose: appends case history events; an event id already stored is left as it is (events are never changed).
// @param $rows list<map> {id, caseId, kind, author, role, at, body: string (JSON of the optional fields), seq: int}
// @returns nothing
UNWIND $rows AS row
MERGE (e:CaseEvent {id: row.id})
ON CREATE SET e += row
