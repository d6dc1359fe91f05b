"""The errors kamgraph raises for a user to read. The CLI shows their text and exits 1."""


class KamgraphError(Exception):
    """Something the user can fix: the message says what and where."""


class NotFound(KamgraphError):
    """An account or person the user named is not in the store."""
