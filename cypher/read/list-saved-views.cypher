// Purpose: one owner's saved views, newest first (ties by id), paged, with the total before paging.
// @param $owner string owner (token name)
// @param $offset int views to skip
// @param $limit int page size
// @returns views: list of maps (SavedView properties), total: int
MATCH (v:SavedView {owner: $owner})
WITH v ORDER BY v.createdAt DESC, v.id DESC
WITH collect(properties(v)) AS owned
RETURN owned[$offset..($offset + $limit)] AS views, size(owned) AS total
