// Purpose: links reports to the shop they are about (report bound first).
// @param $rows list<map> {id: string, shopId: string}
// @returns nothing
UNWIND $rows AS r
MATCH (rep:Report {id: r.id})
USING INDEX rep:Report(id)
MATCH (sh:Shop {id: r.shopId})
USING INDEX sh:Shop(id)
MERGE (rep)-[:ABOUT]->(sh)
