// Purpose: upserts canonical addresses; the newest canonical text wins and raw variants accumulate as evidence (the
// stored list stays distinct, in first-seen order). A hub address carries thousands of variants, so the new ones are
// found by one hashed DISTINCT over stored + incoming (linear) instead of `raw IN a.variants` per raw (variants x raws
// string comparisons per batch, which made this the costliest ingest statement); a new address or one whose list
// equals the incoming raws skips that, and an unchanged list is not rewritten.
// @param $rows list<map> {key: string, text: string, raws: list<string>}, one per distinct key of the batch (raws distinct)
// @returns nothing
UNWIND $rows AS r
MERGE (a:Address {key: r.key})
ON CREATE SET a.variants = r.raws
SET a.text = r.text
WITH a, r WHERE a.variants <> r.raws
CALL (a, r) {
  WITH coalesce(a.variants, []) AS old
  UNWIND old + r.raws AS raw
  WITH old, collect(DISTINCT raw) AS variants
  WITH variants WHERE size(variants) > size(old)
  SET a.variants = variants
}
