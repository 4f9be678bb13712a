// Purpose: creates shops that the same transaction found absent, each with its OPERATES link from its seller, in one
// pass (the upsert path spends three statements). A duplicate created concurrently fails the uniqueness constraint,
// and the adapter re-runs the batch on the upsert path.
// @param $rows list<map> {props: map (shop properties, nulls left out; sellerId among them)}, one per new shop id
// @returns nothing
UNWIND $rows AS r
CREATE (sh:Shop)
SET sh = r.props
WITH sh, r
CALL (sh, r) {
  MATCH (s:Seller {id: r.props.sellerId})
  CREATE (s)-[:OPERATES]->(sh)
}
