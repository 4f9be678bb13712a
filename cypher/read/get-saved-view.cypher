// Purpose: one saved view by id.
// @param $id string view id
// @returns view: map (SavedView properties; state is JSON text)
MATCH (v:SavedView {id: $id})
RETURN properties(v) AS view
