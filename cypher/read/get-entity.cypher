// Purpose: one node of the typed graph by its key, with its properties and the counts the explorer shows
// (which apply depends on the node type; the adapter picks them).
// @template {{label}} Seller|Shop|Address|PaymentAccount|Phone|Email|IdDocument|Device|Shipment|Report|Brand
// @template {{property}} id|key|number|address|hash|name
// @param $key string
// @returns props: map, facts: map {sellers, shops, shipments, shopReports, brandReports, counterfeitReports, shipmentsFrom: int; ring, registeredAddressText: string or null;
//   moreVariants: list<string> (an address's spellings held as AddressVariant nodes, in code-point order)}
MATCH (n:{{label}} {{{property}}: $key})
RETURN properties(n) AS props, {
  sellers: COUNT { MATCH (n)<-[:USES_PHONE|USES_EMAIL|IDENTIFIED_BY|PAID_INTO|REGISTERED_AT|RETURNS_TO|WAREHOUSE_AT|PICKUP_AT|USES_DEVICE]-(s:Seller) RETURN DISTINCT s },
  shops: COUNT { (n)-[:OPERATES]->(:Shop) },
  shipments: COUNT { (n)-[:SHIPPED]->(:Shipment) },
  shopReports: COUNT { (n)<-[:ABOUT]-(:Report) },
  brandReports: COUNT { (n)<-[:FOR_BRAND]-(:Report) },
  counterfeitReports: COUNT { (n)<-[:FOR_BRAND]-(r:Report) WHERE r.verdict = 'counterfeit' },
  shipmentsFrom: COUNT { (n)<-[:FROM]-(:Shipment) },
  ring: head(COLLECT { MATCH (n)-[:MEMBER_OF]->(r:Ring)-[:FOUND_IN]->(:Run {current: true}) RETURN r.id }),
  registeredAddressText: head(COLLECT { MATCH (a:Address) WHERE a.key = n.registeredAddressKey RETURN a.text }),
  moreVariants: COLLECT { MATCH (v:AddressVariant) WHERE v.key = n.key AND v.raw IS NOT NULL RETURN v.raw ORDER BY v.raw }
} AS facts
LIMIT 1
