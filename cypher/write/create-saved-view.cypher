// Purpose: stores a new saved view of the explorer. Fails on a duplicate id (uniqueness constraint), never overwrites.
// @param $view map {id, owner, name, ringId, createdAt: string, state: string (the view state as JSON text)}
// @returns nothing
CREATE (v:SavedView)
SET v = $view
