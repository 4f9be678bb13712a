// Purpose: shipment origin -> sellers groups with parcels per seller (through the seller's shops). Hubs above
// $maxSellers ship their size only.
// @param $minSellers int skip smaller groups
// @param $maxSellers int larger groups come with empty lists
// @returns value: string (address key), size: int, sellers: list<string>, shipments: list<int> (parallel to sellers)
MATCH (a:Address)
WHERE EXISTS { (a)<-[:FROM]-(:Shipment) }
CALL {
  WITH a
  MATCH (a)<-[:FROM]-(:Shipment)<-[:SHIPPED]-(:Shop)<-[:OPERATES]-(s:Seller)
  WITH s, count(*) AS parcels
  RETURN collect(s.id) AS sellers, collect(parcels) AS shipments
}
WITH a, sellers, shipments, size(sellers) AS size
WHERE size >= $minSellers
RETURN a.key AS value, size,
       CASE WHEN size > $maxSellers THEN [] ELSE sellers END AS sellers,
       CASE WHEN size > $maxSellers THEN [] ELSE shipments END AS shipments
