// Mark the store as written: every write ends with this statement, in its own transaction, so the token
// changes exactly when the data does (a fresh random one each time: a restored copy of the store's files
// brings back the token of the data it holds). Snapshot caches are kept under the token they were built at.
// params: token
MERGE (s:StoreState {id: 'store'})
SET s.token = $token
