// Purpose: links reports to the brand they are for, creating the brand when new (report bound first: a brand is a hub).
// @param $rows list<map> {id: string, brand: string}
// @returns nothing
UNWIND $rows AS r
MATCH (rep:Report {id: r.id})
USING INDEX rep:Report(id)
MERGE (b:Brand {name: r.brand})
MERGE (rep)-[:FOR_BRAND]->(b)
