// Purpose: stores an API token (its SHA-256 hash only). Fails on a duplicate id or hash (uniqueness constraints).
// @param $token map {id, name, role, brands: list<string>, hash, createdAt, revokedAt, expiresAt, lastUsedAt: string or null, purpose: 'api' or 'login'}
// @returns nothing
CREATE (t:Token)
SET t = $token
