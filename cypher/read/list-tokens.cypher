// Purpose: all tokens, oldest first.
// @returns token: map (Token properties)
MATCH (t:Token)
RETURN properties(t) AS token
ORDER BY t.createdAt, t.id
