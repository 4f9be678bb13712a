// Purpose: upserts seller nodes and their properties only; absent (null) optional fields keep the known value. Links
// are written by link-seller-identifiers / link-seller-addresses in the same transaction: one plain MERGE per row
// here keeps the plan free of Eager operators (a delete and a merge in one statement forced five of them).
// @param $rows list<map> {id, name, registeredAt, phone, phoneRaw, email, idNumberHash, deviceId, status, registeredAddressKey}: strings or null
// @returns nothing
UNWIND $rows AS r
MERGE (s:Seller {id: r.id})
SET s.name = coalesce(r.name, s.name),
    s.registeredAt = coalesce(r.registeredAt, s.registeredAt),
    s.phone = coalesce(r.phone, s.phone),
    s.phoneRaw = coalesce(r.phoneRaw, s.phoneRaw),
    s.email = coalesce(r.email, s.email),
    s.idNumberHash = coalesce(r.idNumberHash, s.idNumberHash),
    s.deviceId = coalesce(r.deviceId, s.deviceId),
    s.status = coalesce(r.status, s.status),
    s.registeredAddressKey = coalesce(r.registeredAddressKey, s.registeredAddressKey)
