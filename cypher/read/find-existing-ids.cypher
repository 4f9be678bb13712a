// Purpose: which of these ids exist as nodes of one entity label (compared exactly). Ingest asks it for reference
// checks and, inside a batch's write transaction, to tell new entities (created in one statement) from known ones.
// @template {{label}} Seller|Shop|Shipment|Report
// @param $ids list<string>
// @returns id: string
UNWIND $ids AS id
MATCH (n:{{label}} {id: id})
USING INDEX n:{{label}}(id)
RETURN DISTINCT n.id AS id
