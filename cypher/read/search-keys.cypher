// Purpose: the exact-key path of search: matches by key only, through the key indexes (no full-text, no index refresh) —
// a whole or leading seller, shop or account id, phone or email, and a whole ID hash, device id or address key.
// The adapter answers with these alone when one of them is an exact match, and runs read/search-nodes otherwise.
// Several searches go in one query (the searches that arrived while the previous one was in flight; query-batch.ts).
// @param $queries list<map> each {i: int its index, text: string one token (or its canonical form), labels: list<string> or null (only nodes with one of these labels), limit: int}
// @param $preview int address variants sent per address (a hub address has thousands; the count comes apart)
// @returns i: int the search, labels: list<string>, props: map, variants: int or null (an address's spellings in all), score: float (1000 exact, 500 prefix); best first within each search
UNWIND $queries AS q
CALL {
  WITH q
  CALL {
    WITH q MATCH (node:Seller) WHERE node.id STARTS WITH q.text
    RETURN node, CASE WHEN node.id = q.text THEN 1000.0 ELSE 500.0 END AS score
    UNION
    WITH q MATCH (node:Shop) WHERE node.id STARTS WITH q.text
    RETURN node, CASE WHEN node.id = q.text THEN 1000.0 ELSE 500.0 END AS score
    UNION
    WITH q MATCH (node:PaymentAccount) WHERE node.id STARTS WITH q.text
    RETURN node, CASE WHEN node.id = q.text THEN 1000.0 ELSE 500.0 END AS score
    UNION
    WITH q MATCH (node:Phone) WHERE node.number STARTS WITH q.text
    RETURN node, CASE WHEN node.number = q.text THEN 1000.0 ELSE 500.0 END AS score
    UNION
    WITH q MATCH (node:Email) WHERE node.address STARTS WITH q.text
    RETURN node, CASE WHEN node.address = q.text THEN 1000.0 ELSE 500.0 END AS score
    UNION
    WITH q MATCH (node:IdDocument {hash: q.text}) RETURN node, 1000.0 AS score
    UNION
    WITH q MATCH (node:Device {id: q.text}) RETURN node, 1000.0 AS score
    UNION
    WITH q MATCH (node:Address {key: q.text}) RETURN node, 1000.0 AS score
  }
  WITH q, node, max(score) AS score
  WHERE q.labels IS NULL OR any(l IN labels(node) WHERE l IN q.labels)
  WITH q, node, score
  ORDER BY score DESC
  // LIMIT cannot read a variable: the hits are cut to the query's own limit after sorting.
  WITH q, collect([node, score])[0..q.limit] AS hits
  UNWIND hits AS hit
  WITH hit[0] AS node, hit[1] AS score
  // Properties and spelling counts are read for the kept hits only.
  RETURN labels(node) AS labels, properties(node {.*, variants: node.variants[0..$preview]}) AS props,
         size(node.variants) + COUNT { MATCH (v:AddressVariant) WHERE v.key = node.key AND v.raw IS NOT NULL } AS variants, score
}
RETURN q.i AS i, labels, props, variants, score
