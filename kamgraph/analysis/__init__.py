"""Analyses: pure functions of a snapshot graph (see kamgraph.snapshot). No store, driver or rendering here.

The names below are loaded when first used, as ``kamgraph``'s are: a command that needs one light
module of this package (``kamgraph.analysis.money`` to list accounts) does not load networkx and scipy.
"""

from kamgraph.lazy import lazy_names

_WHERE = {
    "account_coverage": "kamgraph.analysis.coverage",
    "account_health": "kamgraph.analysis.health",
    "account_overview": "kamgraph.analysis.overview",
    "analyze_account": "kamgraph.analysis.account",
    "contact_coverage": "kamgraph.analysis.coverage",
    "decision_power": "kamgraph.analysis.power",
    "find_gaps": "kamgraph.analysis.findings",
    "find_risks": "kamgraph.analysis.findings",
    "introduction_graph": "kamgraph.analysis.paths",
    "rank_decision_makers": "kamgraph.analysis.power",
    "relationship_strengths": "kamgraph.analysis.strength",
    "team_customer_pairs": "kamgraph.analysis.overview",
    "warm_paths": "kamgraph.analysis.paths",
    "what_if": "kamgraph.analysis.account",
    "without_people": "kamgraph.analysis.account",
}

__all__ = sorted(_WHERE)


__getattr__, __dir__ = lazy_names(__name__, _WHERE)
