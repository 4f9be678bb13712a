// Purpose: appends a group of audit entries in one transaction (group commit:
// entries that arrive while a commit is in flight wait for the next one). The
// adapter has no query that updates or deletes AuditEntry nodes.
// @param $entries list<map> each {entry: map {id, at, tokenName, role, action, route, ringIds: list<string>, entityIds: list<string>, remote, outcome, details: JSON string or null}, seq: int append order}
// @returns nothing
UNWIND $entries AS item
CREATE (e:AuditEntry)
SET e = item.entry, e.seq = item.seq
