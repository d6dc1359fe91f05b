"""Converting amounts to a corporate currency with a CRM's rates, and never without them.

Salesforce states a currency's ``ConversionRate`` against the corporate
currency (``CurrencyType.csv``: 1 corporate unit = *rate* units of that
currency), so an amount in the corporate currency is ``amount / rate``. With
advanced currency management, ``DatedConversionRate.csv`` gives rates for date
ranges (``StartDate`` up to, not including, ``NextStartDate``); an
opportunity's amount is converted at the rate of its close date, as Salesforce
does, and at the ``CurrencyType`` rate when no dated range covers it.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field


@dataclass
class Rates:
    """A corporate currency and the rates that convert others into it."""

    corporate: str
    rates: dict[str, float] = field(default_factory=dict)  # ISO code -> units per corporate unit
    dated: dict[str, list[tuple[str, str | None, float]]] = field(default_factory=dict)  # (start, next start, rate)

    def add_dated(self, iso: str, start: str, next_start: str | None, rate: float) -> None:
        ranges = self.dated.setdefault(iso, [])
        bisect.insort(ranges, (start, next_start, rate), key=lambda r: r[0])

    def rate(self, iso: str, day: str | None = None) -> float | None:
        """Units of ``iso`` per corporate unit on ``day`` (ISO date), or None when no rate is known."""
        if iso == self.corporate:
            return 1.0
        if day is not None:
            ranges = self.dated.get(iso, [])
            i = bisect.bisect_right([r[0] for r in ranges], day) - 1
            if i >= 0 and (ranges[i][1] is None or day < ranges[i][1]):
                return ranges[i][2]
        return self.rates.get(iso)

    def convert(self, amount: float, iso: str, day: str | None = None) -> float | None:
        """``amount`` in ``iso`` as corporate currency, or None when there is no rate for it.

        >>> Rates("USD", {"MXN": 20.0}).convert(1000.0, "MXN")
        50.0
        """
        rate = self.rate(iso, day)
        return None if not rate else amount / rate
