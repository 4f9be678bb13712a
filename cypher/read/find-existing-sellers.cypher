// Purpose: which of these seller ids exist (compared exactly).
// @param $ids list<string>
// @returns id: string
UNWIND $ids AS id
MATCH (s:Seller {id: id})
RETURN DISTINCT s.id AS id
