// Purpose: full-text index on canonical address text, for search. Idempotent.
// @returns nothing
CREATE FULLTEXT INDEX ringtrace_address_texts IF NOT EXISTS FOR (n:Address) ON EACH [n.text]
