// Purpose: upserts canonical addresses; the newest canonical text wins and raw variants accumulate as evidence.
// @param $rows list<map> {key: string, text: string, raws: list<string>}, one per distinct key of the batch
// @returns nothing
UNWIND $rows AS r
MERGE (a:Address {key: r.key})
SET a.text = r.text,
    a.variants = coalesce(a.variants, []) + [raw IN r.raws WHERE NOT raw IN coalesce(a.variants, [])]
