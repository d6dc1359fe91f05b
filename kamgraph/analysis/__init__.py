"""Analyses: pure functions of a snapshot graph (see kamgraph.snapshot). No store, driver or rendering here."""

from kamgraph.analysis.account import analyze_account, what_if, without_people
from kamgraph.analysis.coverage import account_coverage, contact_coverage
from kamgraph.analysis.findings import find_gaps, find_risks
from kamgraph.analysis.health import account_health
from kamgraph.analysis.overview import account_overview, team_customer_pairs
from kamgraph.analysis.paths import introduction_graph, warm_paths
from kamgraph.analysis.power import decision_power, rank_decision_makers
from kamgraph.analysis.strength import relationship_strengths

__all__ = [
    "account_coverage", "account_health", "account_overview", "analyze_account", "contact_coverage",
    "decision_power", "find_gaps", "find_risks", "introduction_graph", "rank_decision_makers",
    "relationship_strengths", "team_customer_pairs", "warm_paths", "what_if", "without_people",
]
