"""Money as the portfolio shows it: won business per currency, never two currencies added together.

An opportunity's amount counts in the corporate currency when the import
converted it (``converted_amount`` in ``converted_currency``), else in its own
``currency`` (``""`` when the data does not say). Sums are kept per currency:
adding MXN to USD without a rate would rank a small account above a large one.
"""

from __future__ import annotations

UNSTATED = ""  # the currency of an amount whose data names none


def won_by_currency(opportunities: list[dict], since: str | None = None) -> dict[str, float]:
    """What we won, per currency, from opportunities closed won (on or after ``since``, an ISO date, if given).

    >>> won_by_currency([{"amount": 100.0, "won": True, "currency": "MXN", "converted_amount": 5.0,
    ...                   "converted_currency": "USD"}, {"amount": 7.0, "won": True, "currency": "PEN"},
    ...                  {"amount": 9.0, "won": False, "currency": "PEN"}])
    {'USD': 5.0, 'PEN': 7.0}
    """
    totals: dict[str, float] = {}
    for o in opportunities:
        if o.get("won") is not True or (since and (o.get("close_date") or "") < since):
            continue
        if o.get("converted_amount") is not None and o.get("converted_currency"):
            currency, amount = o["converted_currency"], o["converted_amount"]
        else:
            currency, amount = o.get("currency") or UNSTATED, o.get("amount") or 0.0
        totals[currency] = totals.get(currency, 0.0) + float(amount)
    return totals


def format_money(amount: float | None, currency: str | None) -> str:
    """``USD 122,000``; an amount without a currency is written without one.

    >>> format_money(122000.0, "USD"), format_money(1234.5, ""), format_money(None, "USD")
    ('USD 122,000', '1,234', '')
    """
    if amount is None:
        return ""
    return f"{currency} {amount:,.0f}" if currency else f"{amount:,.0f}"


def format_amounts(amounts: dict[str, float]) -> str:
    """Several currencies side by side, never summed: ``COP 120,000,000 · USD 5,000``."""
    return " · ".join(format_money(v, c) for c, v in sorted(amounts.items())) or "0"
