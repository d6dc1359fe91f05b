// The token of the store's last write (set_store_token), to tell whether a cached snapshot is still current.
// params:
MATCH (s:StoreState {id: 'store'})
RETURN s.token AS token
