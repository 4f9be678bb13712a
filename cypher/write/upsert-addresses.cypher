// Purpose: upserts canonical addresses; the newest canonical text wins and raw spellings accumulate as evidence. The
// first $inline spellings live on the Address (`variants`, first-seen order); later ones become AddressVariant nodes
// {key, raw}, merged one by one. A hub address (a courier centre) gains spellings in every batch: kept as one list it
// was read, de-duplicated and rewritten whole per batch, and at 1M sellers this statement took 1 s per batch and
// made the load slow down as it went. Now a batch costs one check of a short list per address, plus an index seek
// per spelling beyond it.
// @param $rows list<map> {key: string, text: string, raws: list<string>}, one per distinct key of the batch (raws distinct)
// @param $inline int spellings kept on the Address node itself
// @returns nothing
UNWIND $rows AS r
MERGE (a:Address {key: r.key})
ON CREATE SET a.variants = r.raws[0..$inline]
SET a.text = r.text
WITH a, r, a.variants AS known
WITH a, r.key AS key, [raw IN r.raws WHERE NOT raw IN known] AS unseen, $inline - size(known) AS room
WHERE size(unseen) > 0
CALL (a, unseen, room) {
  WITH a, unseen, room WHERE room > 0
  SET a.variants = a.variants + unseen[0..room]
}
CALL (key, unseen, room) {
  UNWIND unseen[(CASE WHEN room > 0 THEN room ELSE 0 END)..] AS raw
  MERGE (:AddressVariant {key: key, raw: raw})
}
