// Purpose: search by name or address text (full-text) and by exact id, phone, email, account, ID hash or device.
// @param $query string Lucene query built by the adapter from escaped terms
// @param $text string the caller's text, for exact matches (ranked first) and prefix matches on ids, phones and emails
// @param $labels list<string> or null, only nodes with one of these labels
// @param $limit int
// @param $preview int address variants sent per address (a hub address has thousands; the count comes apart)
// @returns labels: list<string>, props: map, variants: int or null (an address's spellings in all), score: float
// The full-text indexes are eventually consistent (cheaper bulk loads): they catch up first, in the same statement,
// which saves a round trip per search (it returns at once when nothing is pending).
CALL db.index.fulltext.awaitEventuallyConsistentIndexRefresh()
CALL {
  CALL db.index.fulltext.queryNodes('ringtrace_names', $query) YIELD node, score
  RETURN node, score
  UNION
  CALL db.index.fulltext.queryNodes('ringtrace_address_texts', $query) YIELD node, score
  RETURN node, score
  UNION
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
// Properties and spelling counts are read for the kept hits only.
WITH node, score
ORDER BY score DESC
LIMIT $limit
RETURN labels(node) AS labels, properties(node {.*, variants: node.variants[0..$preview]}) AS props,
       size(node.variants) + COUNT { MATCH (v:AddressVariant) WHERE v.key = node.key AND v.raw IS NOT NULL } AS variants, score
