// Purpose: stores an API token (its SHA-256 hash only) unless a live token (not revoked, not expired at the new token's createdAt) already has its name: saved views and audit entries go by token name. Fails on a duplicate id or hash (uniqueness constraints).
// The name's TokenName node (unique by name) is merged and written first: that write lock makes concurrent creations of one name run one after the other, so the second sees the first's token and answers 0 (without it, eight at once all passed the check).
// @param $token map {id, name, role, brands: list<string>, hash, createdAt, revokedAt, expiresAt, lastUsedAt: string or null, purpose: 'api' or 'login'}
// @returns created: int, 1 when the token was stored, 0 when a live token already has the name
MERGE (gate:TokenName {name: $token.name})
SET gate.claimedAt = $token.createdAt
WITH gate
OPTIONAL MATCH (live:Token {name: $token.name})
WHERE live.revokedAt IS NULL AND (live.expiresAt IS NULL OR live.expiresAt > $token.createdAt)
WITH count(live) AS clashes
FOREACH (_ IN CASE WHEN clashes = 0 THEN [1] ELSE [] END |
  CREATE (t:Token)
  SET t = $token
)
RETURN CASE WHEN clashes = 0 THEN 1 ELSE 0 END AS created
