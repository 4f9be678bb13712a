// Purpose: appends one audit entry. The adapter has no query that updates or deletes AuditEntry nodes.
// @param $entry map {id, at, tokenName, role, action, route, ringIds: list<string>, entityIds: list<string>, remote, outcome, details: JSON string or null}
// @param $seq int append order, breaks ties between equal timestamps
// @returns nothing
CREATE (e:AuditEntry)
SET e = $entry, e.seq = $seq
