// Purpose: the number of nodes of any label, from the count store: zero means the database is empty (a bulk load
// refuses any other database, since neo4j-admin import replaces it whole).
// @returns nodes: int
MATCH (n)
RETURN count(n) AS nodes
