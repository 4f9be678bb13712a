// Purpose: tokens by the hashes of their secrets — the lookups of every request that arrived while the previous
// lookup was in flight, in one query (each request still sees the token as stored after it arrived).
// @param $hashes list<string> SHA-256 hex, distinct
// @returns hash: string, token: map (Token properties); hashes without a token are absent
UNWIND $hashes AS hash
MATCH (t:Token {hash: hash})
RETURN hash, properties(t) AS token
