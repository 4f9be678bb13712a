// Purpose: runs a GDS community algorithm on a graph projected from the database's own nodes (native or Cypher
// projection of Seller nodes) and streams each seller's community by seller id. GDS names nodes by Neo4j's internal
// id, which only id() gives (elementId is a string): the lookup is a node-by-id seek.
// @template {{algorithm}} leiden|louvain
// @param $graphName string the projected graph
// @param $config map the algorithm's configuration (relationshipWeightProperty, concurrency, …)
// @returns sellerId: string, communityId: int
CALL gds.{{algorithm}}.stream($graphName, $config)
YIELD nodeId, communityId
MATCH (s:Seller) WHERE id(s) = nodeId
RETURN s.id AS sellerId, communityId
