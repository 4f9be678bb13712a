// Purpose: writes one batch of the seller evidence graph ringtrace computed (typed, hub-aware weights) as
// EVIDENCE_LINK relationships, for the native GDS projection (`detect --engine gds --projection written`). They live
// only from here until the projection is taken (write/delete-evidence-links follows at once), and graph reads never
// walk them (read/expand-nodes leaves the type out); docs/scale.md, "Projections".
// @param $source list<string> link e joins the sellers with ids $source[e] and $target[e]
// @param $target list<string>
// @param $weight list<float> summed evidence weight of link e
// @returns links: int, how many were written
UNWIND range(0, size($source) - 1) AS e
MATCH (a:Seller {id: $source[e]})
MATCH (b:Seller {id: $target[e]})
CREATE (a)-[:EVIDENCE_LINK {weight: toFloat($weight[e])}]->(b)
RETURN count(*) AS links
