"""Analyses: pure functions of a snapshot graph (see kamgraph.snapshot). No store, driver or rendering here."""

from kamgraph.analysis.overview import account_overview, team_customer_pairs

__all__ = ["account_overview", "team_customer_pairs"]
