// Purpose: drops a projected graph from the GDS catalog (no error when it is already gone).
// @param $graphName string
// @returns graphName: string, when one was dropped
CALL gds.graph.drop($graphName, false)
YIELD graphName
RETURN graphName
