// Purpose: full-text index on seller and shop names, for search. Idempotent.
// @returns nothing
CREATE FULLTEXT INDEX ringtrace_names IF NOT EXISTS FOR (n:Seller|Shop) ON EACH [n.name]
