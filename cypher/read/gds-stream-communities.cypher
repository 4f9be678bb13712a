// Purpose: runs a GDS community algorithm on a projected graph and streams each node's community. Leiden (Traag et
// al. 2019) takes `gamma` (resolution), `randomSeed` and an optional `seedProperty`; Louvain takes none of them, so
// its configuration map leaves them out. Concurrency 1 keeps results repeatable.
// @template {{algorithm}} leiden|louvain
// @param $graphName string the projected graph
// @param $config map the algorithm's configuration (relationshipWeightProperty, concurrency, …)
// @returns nodeId: int (the evidence-graph node index), communityId: int
CALL gds.{{algorithm}}.stream($graphName, $config)
YIELD nodeId, communityId
RETURN nodeId, communityId
