// Purpose: waits until the eventually consistent full-text indexes hold every committed change, so a search right
// after a write finds it (returns at once when nothing is pending).
// @returns nothing
CALL db.index.fulltext.awaitEventuallyConsistentIndexRefresh()
