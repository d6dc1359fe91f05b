"""Likely buying roles read from job titles, for contacts nobody declared a role for.

A CFO is a likely economic buyer, an IT director a likely technical buyer, a
head of procurement a likely decision maker, a category manager a likely
evaluator. The rules are the ``[[likely_role]]`` tables of the title
vocabulary (:mod:`kamgraph.analysis.seniority`). A likely role is only a
suggestion: it is never given to someone with a declared role, it weighs less
than a declared role in the power analysis, and each carries the rule and the
reason behind it.

Examples
--------
>>> [r["role"] for r in likely_roles("Chief Financial Officer", "executive")]
['economic_buyer']
>>> likely_roles("Finance Analyst", "staff")
[]
"""

from __future__ import annotations

from kamgraph.analysis.seniority import TitleRules, fold, title_rules


def likely_roles(title: str | None, level: str | None, rules: TitleRules | None = None) -> list[dict]:
    """The role a title suggests, as ``[{"role", "rule", "reason"}]``: the first rule that matches decides
    (as for levels), so a head of procurement is a likely decision maker and not also a likely evaluator."""
    rules = rules or title_rules()
    text = fold(title or "")
    if not text:
        return []
    for rule in rules.likely_roles:
        if level in rule.levels and rule.pattern.search(text):
            return [{"role": rule.role, "rule": rule.name, "reason": rule.reason}]
    return []


def suggested_roles(graph, levels: dict, rules: TitleRules | None = None) -> dict[str, list[dict]]:
    """Likely roles for each customer person in ``levels`` ({id: Seniority}) who has no declared role."""
    rules = rules or title_rules()
    out = {}
    read: dict[tuple, list[dict]] = {}  # many people share a title: read each once
    for n in levels:
        d = graph.nodes[n]
        if d.get("side") != "customer" or any(r.get("role") for r in d.get("roles", [])):
            continue
        key = (d.get("title"), levels[n].level)
        if key not in read:
            read[key] = likely_roles(*key, rules)
        found = [dict(r) for r in read[key]]
        if found:
            out[n] = found
    return out
