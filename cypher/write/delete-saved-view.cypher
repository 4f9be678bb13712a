// Purpose: deletes one saved view.
// @param $id string view id
// @returns deleted: int, 1 when a view was deleted, else 0
OPTIONAL MATCH (v:SavedView {id: $id})
WITH v, count(v) AS deleted
DETACH DELETE v
RETURN deleted
