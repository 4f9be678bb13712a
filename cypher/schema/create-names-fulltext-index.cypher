// Purpose: full-text index on seller and shop names, for search. Idempotent. Eventually consistent: Lucene is updated
// in the background instead of inside every commit (which more than doubled the cost of a 5,000-seller batch);
// search waits for it first (read/await-search-indexes), so results still include everything committed before.
// @returns nothing
CREATE FULLTEXT INDEX ringtrace_names IF NOT EXISTS FOR (n:Seller|Shop) ON EACH [n.name]
OPTIONS { indexConfig: { `fulltext.eventually_consistent`: true } }
