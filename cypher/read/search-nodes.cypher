// Purpose: search by name or address text (full-text) and by exact id, phone, email, account, ID hash or device.
// Several searches go in one query (the searches that arrived while the previous one was in flight; query-batch.ts).
// @param $queries list<map> each {i: int its index, query: string Lucene query built by the adapter from escaped terms, text: string the caller's text, for exact matches (ranked first) and prefix matches on ids, phones and emails, labels: list<string> or null (only nodes with one of these labels), limit: int, textOptions: map the full-text procedures' options}
// @param $preview int address variants sent per address (a hub address has thousands; the count comes apart)
// @returns i: int the search, labels: list<string>, props: map, variants: int or null (an address's spellings in all), score: float; best first within each search
// Without a label filter each index yields only its best `limit` hits (`textOptions` {limit}; a common name word
// matches hundreds of sellers): a node outside them has `limit` better hits in its own index, so it is not among the
// best `limit` overall either. With a label filter the options are empty, since the filter comes after.
// The full-text indexes are eventually consistent (cheaper bulk loads): they catch up first, in the same statement,
// which saves a round trip per search (it returns at once when nothing is pending).
CALL db.index.fulltext.awaitEventuallyConsistentIndexRefresh()
UNWIND $queries AS q
CALL {
  WITH q
  CALL {
    WITH q CALL db.index.fulltext.queryNodes('ringtrace_names', q.query, q.textOptions) YIELD node, score
    RETURN node, score
    UNION
    WITH q CALL db.index.fulltext.queryNodes('ringtrace_address_texts', q.query, q.textOptions) YIELD node, score
    RETURN node, score
    UNION
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
