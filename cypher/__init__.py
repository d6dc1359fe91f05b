"""The Cypher statements kamgraph sends, one named file each (read by kamgraph.store.statements)."""
