// Purpose: full-text index on canonical address text, for search. Idempotent. Eventually consistent, like
// create-names-fulltext-index, and awaited the same way before a search.
// @returns nothing
CREATE FULLTEXT INDEX ringtrace_address_texts IF NOT EXISTS FOR (n:Address) ON EACH [n.text]
OPTIONS { indexConfig: { `fulltext.eventually_consistent`: true } }
