// Purpose: writes rings of a run under a staging generation; they stay invisible until link-run-rings ties them to the Run.
// @param $runId string the run the rings belong to
// @param $gen string staging generation of this save (unique per saveRun call)
// @param $rows list<map> {id, uid, score: float, size: int, change: string or null, tier: string ('ring' or 'linked'), brands: list<string>, members: list<string>, body: string (ring JSON without why), why: string or null}
// @returns nothing
UNWIND $rows AS r
CREATE (ring:Ring {uid: r.uid, id: r.id, runId: $runId, gen: $gen, score: r.score, size: r.size, change: r.change, tier: r.tier,
                   brands: r.brands, members: r.members, body: r.body, why: r.why})
WITH ring, r
UNWIND r.members AS member
MATCH (s:Seller {id: member})
MERGE (s)-[:MEMBER_OF]->(ring)
