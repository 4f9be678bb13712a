// Purpose: what scoring needs about the given sellers: status, shops (with status) and their reports.
// @param $ids list<string> seller ids
// @returns sellerId: string, status: string or null, shops: list<map {id, status}>, reports: list<map {brand, kind, verdict}>
UNWIND $ids AS id
MATCH (s:Seller {id: id})
CALL {
  WITH s
  OPTIONAL MATCH (s)-[:OPERATES]->(sh:Shop)
  RETURN collect(sh {.id, .status}) AS shops
}
CALL {
  WITH s
  OPTIONAL MATCH (s)-[:OPERATES]->(:Shop)<-[:ABOUT]-(r:Report)
  RETURN collect(r {.brand, .kind, .verdict}) AS reports
}
RETURN s.id AS sellerId, s.status AS status, shops, reports
