// Purpose: which of these shop ids exist (compared exactly).
// @param $ids list<string>
// @returns id: string
UNWIND $ids AS id
MATCH (s:Shop {id: id})
RETURN DISTINCT s.id AS id
