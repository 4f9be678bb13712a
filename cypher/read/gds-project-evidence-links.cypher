// Purpose: native GDS projection of the written evidence graph: every Seller node and the EVIDENCE_LINK
// relationships between them, undirected, with their `weight` (written by write/create-evidence-links). GDS node ids
// are Neo4j's internal node ids; read/gds-stream-seller-communities maps them back to seller ids.
// @param $graphName string name of the in-memory graph (unique per run)
// @returns nodes: int, relationships: int (each undirected link counts twice)
CALL gds.graph.project($graphName, 'Seller', {EVIDENCE_LINK: {orientation: 'UNDIRECTED', properties: 'weight'}})
YIELD nodeCount, relationshipCount
RETURN nodeCount AS nodes, relationshipCount AS relationships
