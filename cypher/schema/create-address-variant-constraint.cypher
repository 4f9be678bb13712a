// Purpose: uniqueness of an address spelling per canonical address: (key, raw) of AddressVariant nodes, which hold the
// spellings beyond the few kept on the Address itself. Its index also answers "all spellings of key" (equality on key
// and `raw IS NOT NULL`). Idempotent.
// @returns nothing
CREATE CONSTRAINT ringtrace_unique_addressvariant_key_raw IF NOT EXISTS
FOR (v:AddressVariant) REQUIRE (v.key, v.raw) IS UNIQUE
