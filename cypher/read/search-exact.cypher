// Purpose: the exact-key path of search: a text that is a whole seller, shop or account id, phone, email, ID hash, device id or address key, by index lookups only (no full-text, no prefix scans, no index refresh).
// @param $text string the caller's text, one token (or its canonical form)
// @param $labels list<string> or null, only nodes with one of these labels
// @param $limit int
// @param $preview int address variants sent per address (a hub address has thousands; the count comes apart)
// @returns labels: list<string>, props: map, variants: int or null (an address's spellings in all), score: float
CALL {
  MATCH (node:Seller {id: $text}) RETURN node
  UNION
  MATCH (node:Shop {id: $text}) RETURN node
  UNION
  MATCH (node:PaymentAccount {id: $text}) RETURN node
  UNION
  MATCH (node:Phone {number: $text}) RETURN node
  UNION
  MATCH (node:Email {address: $text}) RETURN node
  UNION
  MATCH (node:IdDocument {hash: $text}) RETURN node
  UNION
  MATCH (node:Device {id: $text}) RETURN node
  UNION
  MATCH (node:Address {key: $text}) RETURN node
}
WITH node
WHERE $labels IS NULL OR any(l IN labels(node) WHERE l IN $labels)
WITH node
LIMIT $limit
RETURN labels(node) AS labels, properties(node {.*, variants: node.variants[0..$preview]}) AS props,
       size(node.variants) + COUNT { MATCH (v:AddressVariant) WHERE v.key = node.key AND v.raw IS NOT NULL } AS variants, 1000.0 AS score
