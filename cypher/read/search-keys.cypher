// Purpose: the exact-key path of search: matches by key only, through the key indexes (no full-text, no index refresh) —
// a whole or leading seller, shop or account id, phone or email, and a whole ID hash, device id or address key.
// The adapter answers with these alone when one of them is an exact match, and runs read/search-nodes otherwise.
// @param $text string the caller's text, one token (or its canonical form)
// @param $labels list<string> or null, only nodes with one of these labels
// @param $limit int
// @param $preview int address variants sent per address (a hub address has thousands; the count comes apart)
// @returns labels: list<string>, props: map, variants: int or null (an address's spellings in all), score: float (1000 exact, 500 prefix)
CALL {
  MATCH (node:Seller) WHERE node.id STARTS WITH $text
  RETURN node, CASE WHEN node.id = $text THEN 1000.0 ELSE 500.0 END AS score
  UNION
  MATCH (node:Shop) WHERE node.id STARTS WITH $text
  RETURN node, CASE WHEN node.id = $text THEN 1000.0 ELSE 500.0 END AS score
  UNION
  MATCH (node:PaymentAccount) WHERE node.id STARTS WITH $text
  RETURN node, CASE WHEN node.id = $text THEN 1000.0 ELSE 500.0 END AS score
  UNION
  MATCH (node:Phone) WHERE node.number STARTS WITH $text
  RETURN node, CASE WHEN node.number = $text THEN 1000.0 ELSE 500.0 END AS score
  UNION
  MATCH (node:Email) WHERE node.address STARTS WITH $text
  RETURN node, CASE WHEN node.address = $text THEN 1000.0 ELSE 500.0 END AS score
  UNION
  MATCH (node:IdDocument {hash: $text}) RETURN node, 1000.0 AS score
  UNION
  MATCH (node:Device {id: $text}) RETURN node, 1000.0 AS score
  UNION
  MATCH (node:Address {key: $text}) RETURN node, 1000.0 AS score
}
WITH node, max(score) AS score
WHERE $labels IS NULL OR any(l IN labels(node) WHERE l IN $labels)
WITH node, score
ORDER BY score DESC
LIMIT $limit
RETURN labels(node) AS labels, properties(node {.*, variants: node.variants[0..$preview]}) AS props,
       size(node.variants) + COUNT { MATCH (v:AddressVariant) WHERE v.key = node.key AND v.raw IS NOT NULL } AS variants, score
