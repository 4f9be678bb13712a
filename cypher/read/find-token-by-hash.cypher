// Purpose: a token by the hash of its secret.
// @param $hash string SHA-256 hex
// @returns token: map (Token properties)
MATCH (t:Token {hash: $hash})
RETURN properties(t) AS token
