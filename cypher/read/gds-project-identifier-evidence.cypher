// Purpose: projects a seller evidence graph whose weights are computed here, inside Neo4j, from the shared
// identifiers (`detect --engine gds --projection cypher`), through the Cypher-aggregation projection: nothing is
// written, and no pair list crosses Bolt. Each identifier shared by 2..$maxSellers sellers (larger ones are hubs)
// ties each pair of its sellers with its type's base weight times the rarity factor ln 3 / ln(1 + sellers)
// (engine/detect/weights.ts: FRAUDAR-style 1/log), a shipment origin's tie also times
// min(1, ln(1 + fewer parcels) / ln(1 + $parcelsFull)); a pair's ties are summed and pairs under $minLinkWeight
// dropped. Unlike engine/detect/evidence-graph.ts it does not bundle co-occurring weak identifiers (an agent's
// office address and phone count twice here, once in-process) — see docs/scale.md, "Projections".
// An identifier's size is its number of seller relationships, as read/identifier-groups-by-seller-link counts it.
// @param $graphName string name of the in-memory graph (unique per run)
// @param $maxSellers int the hub threshold: identifiers shared by more sellers tie nobody
// @param $minLinkWeight float weakest summed pair weight kept
// @param $weights map base weight per identifier type (id_document, payment_account, device, phone, email,
//   registered_address, warehouse_address, return_address, pickup_address, shipment_origin)
// @param $parcelsFull int parcels from one origin at which a seller's shipping tie reaches full weight
// @returns nodes: int, relationships: int (each undirected edge counts twice)
CALL {
  MATCH (n:IdDocument)
  WITH n, COUNT { (n)<-[:IDENTIFIED_BY]-() } AS size WHERE size >= 2 AND size <= $maxSellers
  MATCH (a:Seller)-[:IDENTIFIED_BY]->(n)<-[:IDENTIFIED_BY]-(b:Seller) WHERE elementId(a) < elementId(b)
  RETURN a, b, $weights.id_document * log(3) / log(1 + size) AS w
  UNION ALL
  MATCH (n:PaymentAccount)
  WITH n, COUNT { (n)<-[:PAID_INTO]-() } AS size WHERE size >= 2 AND size <= $maxSellers
  MATCH (a:Seller)-[:PAID_INTO]->(n)<-[:PAID_INTO]-(b:Seller) WHERE elementId(a) < elementId(b)
  RETURN a, b, $weights.payment_account * log(3) / log(1 + size) AS w
  UNION ALL
  MATCH (n:Device)
  WITH n, COUNT { (n)<-[:USES_DEVICE]-() } AS size WHERE size >= 2 AND size <= $maxSellers
  MATCH (a:Seller)-[:USES_DEVICE]->(n)<-[:USES_DEVICE]-(b:Seller) WHERE elementId(a) < elementId(b)
  RETURN a, b, $weights.device * log(3) / log(1 + size) AS w
  UNION ALL
  MATCH (n:Phone)
  WITH n, COUNT { (n)<-[:USES_PHONE]-() } AS size WHERE size >= 2 AND size <= $maxSellers
  MATCH (a:Seller)-[:USES_PHONE]->(n)<-[:USES_PHONE]-(b:Seller) WHERE elementId(a) < elementId(b)
  RETURN a, b, $weights.phone * log(3) / log(1 + size) AS w
  UNION ALL
  MATCH (n:Email)
  WITH n, COUNT { (n)<-[:USES_EMAIL]-() } AS size WHERE size >= 2 AND size <= $maxSellers
  MATCH (a:Seller)-[:USES_EMAIL]->(n)<-[:USES_EMAIL]-(b:Seller) WHERE elementId(a) < elementId(b)
  RETURN a, b, $weights.email * log(3) / log(1 + size) AS w
  UNION ALL
  MATCH (n:Address)
  WITH n, COUNT { (n)<-[:REGISTERED_AT]-() } AS size WHERE size >= 2 AND size <= $maxSellers
  MATCH (a:Seller)-[:REGISTERED_AT]->(n)<-[:REGISTERED_AT]-(b:Seller) WHERE elementId(a) < elementId(b)
  RETURN a, b, $weights.registered_address * log(3) / log(1 + size) AS w
  UNION ALL
  MATCH (n:Address)
  WITH n, COUNT { (n)<-[:WAREHOUSE_AT]-() } AS size WHERE size >= 2 AND size <= $maxSellers
  MATCH (a:Seller)-[:WAREHOUSE_AT]->(n)<-[:WAREHOUSE_AT]-(b:Seller) WHERE elementId(a) < elementId(b)
  RETURN a, b, $weights.warehouse_address * log(3) / log(1 + size) AS w
  UNION ALL
  MATCH (n:Address)
  WITH n, COUNT { (n)<-[:RETURNS_TO]-() } AS size WHERE size >= 2 AND size <= $maxSellers
  MATCH (a:Seller)-[:RETURNS_TO]->(n)<-[:RETURNS_TO]-(b:Seller) WHERE elementId(a) < elementId(b)
  RETURN a, b, $weights.return_address * log(3) / log(1 + size) AS w
  UNION ALL
  MATCH (n:Address)
  WITH n, COUNT { (n)<-[:PICKUP_AT]-() } AS size WHERE size >= 2 AND size <= $maxSellers
  MATCH (a:Seller)-[:PICKUP_AT]->(n)<-[:PICKUP_AT]-(b:Seller) WHERE elementId(a) < elementId(b)
  RETURN a, b, $weights.pickup_address * log(3) / log(1 + size) AS w
  UNION ALL
  // Shipment origins: parcels per seller and origin through the seller's shops, as read/identifier-groups-shipment-origin.
  MATCH (s:Seller)-[:OPERATES]->()-[:SHIPPED]->()-[:FROM]->(o)
  WITH o, s, count(*) AS parcels
  WITH o, collect({seller: s, parcels: parcels}) AS users
  WITH users, size(users) AS size WHERE size >= 2 AND size <= $maxSellers
  UNWIND range(0, size - 2) AS i
  UNWIND range(i + 1, size - 1) AS j
  WITH users[i] AS x, users[j] AS y, size
  WITH CASE WHEN elementId(x.seller) < elementId(y.seller) THEN [x.seller, y.seller] ELSE [y.seller, x.seller] END AS pair,
       CASE WHEN x.parcels < y.parcels THEN x.parcels ELSE y.parcels END AS fewer, size
  WITH pair, size, log(1 + fewer) / log(1 + $parcelsFull) AS flow
  RETURN pair[0] AS a, pair[1] AS b,
         $weights.shipment_origin * log(3) / log(1 + size) * CASE WHEN flow < 1 THEN flow ELSE 1.0 END AS w
}
WITH a, b, sum(w) AS weight
WHERE weight >= $minLinkWeight
WITH gds.graph.project($graphName, a, b, {relationshipProperties: {weight: weight}}, {undirectedRelationshipTypes: ['*']}) AS g
RETURN g.nodeCount AS nodes, g.relationshipCount AS relationships
