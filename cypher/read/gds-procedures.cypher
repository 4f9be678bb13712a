// Purpose: which Graph Data Science procedures this server offers (empty without GDS): `detect --engine gds` needs
// gds.leiden.stream / gds.louvain.stream / gds.graph.drop (the gds.graph.project aggregation function comes with them).
// @returns name: string, one row per available procedure ringtrace uses
SHOW PROCEDURES YIELD name
WHERE name IN ['gds.leiden.stream', 'gds.louvain.stream', 'gds.graph.drop']
RETURN name
