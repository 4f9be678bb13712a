// Purpose: creates reports that the same transaction found absent, with their ABOUT (shop) and FOR_BRAND links, in one
// pass (the upsert path spends four statements). Brands are shared, so they are merged. A duplicate created
// concurrently fails the uniqueness constraint, and the adapter re-runs the batch on the upsert path.
// @param $rows list<map> {props: map (report properties, nulls left out; shopId among them), brand: string or null}, one per new report id
// @returns nothing
UNWIND $rows AS r
CREATE (rep:Report)
SET rep = r.props
WITH rep, r
CALL (rep, r) {
  MATCH (sh:Shop {id: r.props.shopId})
  CREATE (rep)-[:ABOUT]->(sh)
}
CALL (rep, r) {
  WITH rep, r WHERE r.brand IS NOT NULL
  MERGE (b:Brand {name: r.brand})
  CREATE (rep)-[:FOR_BRAND]->(b)
}
