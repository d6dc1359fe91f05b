"""The portfolio: revenue per account, Pareto classes, a weighted key-account score and tiers.

Revenue is what we won (the sum of won opportunities, optionally closed since a
date) and falls back to the account's declared ``annual_revenue`` (our revenue
from it, in the native format); a CRM's company size (``company_revenue``,
Salesforce's ``AnnualRevenue``) never counts. Amounts are kept per currency
(:mod:`kamgraph.analysis.money`): when the portfolio's revenue is in more than
one currency and no rates converted it, nothing is added across currencies and
no account is ranked by revenue (share and Pareto class stay empty, the score
leaves revenue out). Accounts ranked by revenue get their
share and cumulative share; the **Pareto class** is ``A`` for the accounts that
together make up the first 80% of revenue (the account that crosses 80% is
still A), ``B`` up to 95%, ``C`` for the rest.

The **score** (0–1) is a weighted mean of criteria, each scaled to 0–1:
``revenue`` (share of the largest account's revenue), ``growth_potential``,
``margin`` and ``strategic_fit`` (account properties, 0–1, where declared) and
``health`` (relationship health ÷ 100). A criterion an account has no value for
is left out of its mean. **Tiers** come from the score by thresholds.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kamgraph.analysis.money import UNSTATED, format_amounts, format_money, won_by_currency

DEFAULT_WEIGHTS = {"revenue": 0.35, "growth_potential": 0.2, "margin": 0.15, "strategic_fit": 0.15, "health": 0.15}
DEFAULT_TIERS = (("Strategic", 0.6), ("Key", 0.35), ("Development", 0.0))
PARETO = (("A", 0.8), ("B", 0.95))


@dataclass(frozen=True)
class PortfolioConfig:
    """Criteria weights and tiers (highest first: ``(name, minimum score)``)."""

    weights: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    tiers: tuple[tuple[str, float], ...] = DEFAULT_TIERS

    @classmethod
    def from_toml(cls, text: str) -> PortfolioConfig:
        """Read ``[portfolio.weights]`` and ``[[portfolio.tiers]]`` (``name``, ``min_score``) from TOML text."""
        import tomllib

        section = tomllib.loads(text).get("portfolio", {})
        weights = {**DEFAULT_WEIGHTS, **{k: float(v) for k, v in section.get("weights", {}).items()}}
        unknown = set(weights) - set(DEFAULT_WEIGHTS)
        if unknown:
            raise ValueError(f"unknown criteria {sorted(unknown)}; use {', '.join(DEFAULT_WEIGHTS)}")
        tiers = tuple(sorted(((t["name"], float(t["min_score"])) for t in section.get("tiers", [])),
                             key=lambda t: -t[1])) or DEFAULT_TIERS
        return cls(weights, tiers)


def account_revenue(account: dict, opportunities: list[dict], since: str | None = None) -> tuple[dict[str, float], str]:
    """Our revenue from an account per currency, and where it comes from ("won opportunities" or "declared").

    >>> account_revenue({"annual_revenue": 9.0, "company_revenue": 5e9, "currency": "EUR"}, [])
    ({'EUR': 9.0}, 'declared')
    """
    won = won_by_currency(opportunities, since)
    if won:
        return won, "won opportunities"
    if account.get("annual_revenue") is not None:
        return {account.get("currency") or UNSTATED: float(account["annual_revenue"])}, "declared"
    return {}, "none"


def single_currency(revenues: list[dict[str, float]]) -> tuple[bool, str | None]:
    """Whether every figure is in one currency (the empty ones fit any), and that currency."""
    currencies = {c for r in revenues for c in r}
    if len(currencies) > 1:
        return False, None
    return True, next(iter(currencies), None) or None


def portfolio_table(accounts: list[dict], config: PortfolioConfig | None = None) -> list[dict]:
    """Rank accounts by revenue with share, Pareto class, score and tier.

    Parameters
    ----------
    accounts : list of dict
        Each with ``id``, ``name``, ``revenue``, ``health`` (0–100) and optionally
        ``growth_potential``, ``margin``, ``strategic_fit`` (0–1), ``currency``, and
        ``revenues`` (per currency). ``revenue`` None means the portfolio's revenue is in
        several currencies that cannot be added: no account then gets a share or class.

    Examples
    --------
    >>> rows = portfolio_table([{"id": "a", "name": "A", "revenue": 80, "health": 50},
    ...                         {"id": "b", "name": "B", "revenue": 15, "health": 50},
    ...                         {"id": "c", "name": "C", "revenue": 5, "health": 50}])
    >>> [(r["id"], r["pareto_class"], r["cumulative_share"]) for r in rows]
    [('a', 'A', 0.8), ('b', 'B', 0.95), ('c', 'C', 1.0)]
    """
    config = config or PortfolioConfig()
    apart = any(a["revenue"] is None for a in accounts)
    ranked = sorted(accounts, key=lambda a: (0.0 if apart else -a["revenue"], a["name"] or "", a["id"]))
    total = 0.0 if apart else sum(a["revenue"] for a in ranked)
    top = ranked[0]["revenue"] if ranked and not apart else 0.0
    rows, before = [], 0.0
    for a in ranked:
        share = a["revenue"] / total if total else 0.0
        pareto = next((name for name, limit in PARETO if before < limit - 1e-9), "C") if total else "C"
        before += share
        values = {"revenue": None if apart else (a["revenue"] / top if top else 0.0),
                  "health": a["health"] / 100 if a.get("health") is not None else None,
                  **{k: a.get(k) for k in ("growth_potential", "margin", "strategic_fit")}}
        used = {k: w for k, w in config.weights.items() if values.get(k) is not None and w > 0}
        score = sum(values[k] * w for k, w in used.items()) / sum(used.values()) if used else 0.0
        tier = next((name for name, minimum in config.tiers if score >= minimum), config.tiers[-1][0])
        revenues = a.get("revenues") or ({} if apart else {a.get("currency") or UNSTATED: a["revenue"]})
        rows.append({"id": a["id"], "name": a["name"], "revenue": None if apart else round(a["revenue"], 2),
                     "currency": None if apart else a.get("currency"),
                     "revenues": {c: round(v, 2) for c, v in revenues.items()},
                     "revenue_text": format_amounts(revenues) if apart else format_money(a["revenue"], a.get("currency")),
                     "revenue_source": a.get("revenue_source"), "share": None if apart else round(share, 4),
                     "cumulative_share": None if apart else round(before, 4), "pareto_class": None if apart else pareto,
                     "score": round(score, 4),
                     "score_components": {k: round(values[k], 4) for k in used}, "tier": tier,
                     "health": a.get("health"), "threads": a.get("threads")})
    if apart:  # no revenue order exists across currencies: the score alone ranks them
        rows.sort(key=lambda r: (-r["score"], r["name"] or "", r["id"]))
    return rows
