// Purpose: a report is about one shop and for at most one brand: drops links to any other (run before the link queries).
// @param $rows list<map> {id: string, shopId: string, brand: string or null}, one per report (its final values in the batch)
// @returns nothing
UNWIND $rows AS r
MATCH (rep:Report {id: r.id})-[o:ABOUT|FOR_BRAND]->(n)
USING INDEX rep:Report(id)
WHERE (type(o) = 'ABOUT' AND n.id <> r.shopId)
   OR (type(o) = 'FOR_BRAND' AND r.brand IS NOT NULL AND n.name <> r.brand)
DELETE o
