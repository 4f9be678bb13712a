// Purpose: records when a token last authenticated a request.
// @param $id string token id
// @param $at string ISO timestamp
// @returns nothing
MATCH (t:Token {id: $id})
SET t.lastUsedAt = $at
