// Purpose: projects the seller evidence graph (built in the ringtrace process from the store's identifier lists,
// with the typed, hub-aware weights) into the GDS graph catalog as an undirected, weighted in-memory graph, through
// the Cypher-aggregation projection with integer node ids (the evidence graph's node indices): nothing is written to
// the database. Every node carries `seed`, its community to start from (a previous ring, or its own).
// @param $graphName string name of the in-memory graph (unique per run)
// @param $source list<int> edge e joins $source[e] and $target[e] (node indices)
// @param $target list<int>
// @param $weight list<float> summed evidence weight of edge e
// @param $seed list<int> start community per node index
// @returns nodes: int, relationships: int (each undirected edge counts twice)
UNWIND range(0, size($source) - 1) AS e
WITH gds.graph.project(
  $graphName, $source[e], $target[e],
  {
    relationshipProperties: {weight: toFloat($weight[e])},
    sourceNodeProperties: {seed: $seed[$source[e]]},
    targetNodeProperties: {seed: $seed[$target[e]]}
  },
  {undirectedRelationshipTypes: ['*']}
) AS g
RETURN g.nodeCount AS nodes, g.relationshipCount AS relationships
