// Purpose: one hop of neighbourhood expansion. Shipments are aggregated per origin address (SHIPS_FROM with a
// parcel count); runs, tokens, audit entries and rings of other runs than the current are left out, and so are
// EVIDENCE_LINK relationships (a `--projection written` run's evidence graph, there only while GDS projects it).
// @param $ids list<string> element ids to expand
// @param $perNode int neighbours at most per expanded node (hubs stay bounded)
// @param $withShipments boolean true: walk to individual Shipment nodes too
// @param $preview int address variants sent per address (a hub address has thousands; the count comes apart)
// @returns from: string, relType: string, outgoing: boolean, weight: int, to: string, labels: list<string>, props: map,
//   variants: int or null (how many variants an address has in all, AddressVariant nodes included)
UNWIND $ids AS nid
MATCH (n) WHERE elementId(n) = nid
CALL {
  WITH n
  CALL {
  WITH n
  MATCH (n)-[rel]-(m)
  WHERE type(rel) <> 'EVIDENCE_LINK' AND (NOT m:Shipment OR $withShipments) AND NOT m:Run AND NOT m:Token AND NOT m:AuditEntry
    AND (NOT m:Ring OR EXISTS { (m)-[:FOUND_IN]->(:Run {current: true}) })
  RETURN type(rel) AS relType, startNode(rel) = n AS outgoing, 1 AS weight, m
  UNION
  WITH n
  MATCH (n:Shop)-[:SHIPPED]->(:Shipment)-[:FROM]->(m:Address)
  RETURN 'SHIPS_FROM' AS relType, true AS outgoing, count(*) AS weight, m
  UNION
  WITH n
  MATCH (n:Address)<-[:FROM]-(:Shipment)<-[:SHIPPED]-(m:Shop)
  RETURN 'SHIPS_FROM' AS relType, false AS outgoing, count(*) AS weight, m
  }
  RETURN relType, outgoing, weight, m
  LIMIT $perNode
}
RETURN nid AS from, relType, outgoing, weight, elementId(m) AS to, labels(m) AS labels,
       properties(m {.*, variants: m.variants[0..$preview]}) AS props, size(m.variants) + COUNT { MATCH (v:AddressVariant) WHERE v.key = m.key AND v.raw IS NOT NULL } AS variants
