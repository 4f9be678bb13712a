// Purpose: everything a ring subgraph shows, in one read, in the embedded store's shape: the members, what they
// use (shops, payment accounts, ID documents, devices, addresses by role, phones, emails), the origins their shops ship from
// (parcels counted per shop and origin, never other sellers' shops) and the reports on their shops with the brands.
// Members are found through the Seller key index; every other step walks out from them.
// @param $ringId string
// @param $runId string or null (null: the current run)
// @param $preview int address variants sent per address (a hub address has thousands; the count, AddressVariant nodes
//   included, comes apart)
// @returns members: list<map> (seller properties), ties: list<map {seller, rel, labels, props, variants}>,
//   origins: list<map {shop, props, variants, count}> (address properties; variants: how many in all, or null), reports: list<map {shop, props, brand}> (report and brand properties)
MATCH (ring:Ring {id: $ringId})-[:FOUND_IN]->(run:Run)
WHERE ($runId IS NULL AND run.current = true) OR run.id = $runId
WITH ring LIMIT 1
OPTIONAL MATCH (s:Seller) WHERE s.id IN ring.members
WITH ring, collect(s) AS members  // grouped by ring: no row at all for an unknown ring
RETURN [s IN members | properties(s)] AS members,
  COLLECT {
    UNWIND members AS s
    MATCH (s)-[rel:OPERATES|PAID_INTO|IDENTIFIED_BY|REGISTERED_AT|RETURNS_TO|WAREHOUSE_AT|PICKUP_AT|USES_PHONE|USES_EMAIL|USES_DEVICE]->(m)
    RETURN {seller: s.id, rel: type(rel), labels: labels(m), props: properties(m {.*, variants: m.variants[0..$preview]}), variants: size(m.variants) + COUNT { MATCH (v:AddressVariant) WHERE v.key = m.key AND v.raw IS NOT NULL }}
  } AS ties,
  COLLECT {
    UNWIND members AS s
    MATCH (s)-[:OPERATES]->(shop:Shop)-[:SHIPPED]->(:Shipment)-[:FROM]->(a:Address)
    WITH shop, a, count(*) AS parcels
    RETURN {shop: shop.id, props: properties(a {.*, variants: a.variants[0..$preview]}), variants: size(a.variants) + COUNT { MATCH (v:AddressVariant) WHERE v.key = a.key AND v.raw IS NOT NULL }, count: parcels}
  } AS origins,
  COLLECT {
    UNWIND members AS s
    MATCH (s)-[:OPERATES]->(shop:Shop)<-[:ABOUT]-(report:Report)
    OPTIONAL MATCH (report)-[:FOR_BRAND]->(brand:Brand)
    RETURN {shop: shop.id, props: properties(report), brand: CASE WHEN brand IS NULL THEN null ELSE properties(brand) END}
  } AS reports
