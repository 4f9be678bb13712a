// Purpose: revokes a live token.
// @param $id string token id
// @param $at string ISO timestamp of revocation
// @returns revoked: int, 1 when a live token was revoked, else 0
OPTIONAL MATCH (t:Token {id: $id})
WHERE t.revokedAt IS NULL
SET t.revokedAt = $at
RETURN count(t) AS revoked
