"""The portfolio page: Pareto chart (inline SVG, drawn offline), the ranked table, and the portfolio's risks."""

from __future__ import annotations

from pathlib import Path

import jinja2

from kamgraph.render.files import write_whole

_env = jinja2.Environment(loader=jinja2.PackageLoader("kamgraph.render", "templates"), autoescape=True,
                          undefined=jinja2.StrictUndefined)

CHART_W, CHART_H, PAD = 760, 300, 48


def pareto_chart(rows: list[dict]) -> dict:
    """Bar and line geometry for the chart: revenue bars, cumulative-share line, the 80% and 95% marks."""
    rows = [r for r in rows if r["revenue"] is not None]  # revenue in several currencies has no bars
    n = max(len(rows), 1)
    inner_w, inner_h = CHART_W - 2 * PAD, CHART_H - 2 * PAD
    top = max((r["revenue"] for r in rows), default=0) or 1
    step = inner_w / n
    bars, points = [], []
    for i, r in enumerate(rows):
        h = inner_h * r["revenue"] / top
        x = PAD + i * step
        bars.append({"x": round(x + step * 0.15, 1), "y": round(PAD + inner_h - h, 1), "w": round(step * 0.7, 1),
                     "h": round(h, 1), "cls": r["pareto_class"], "label": r["name"], "revenue": r["revenue"]})
        points.append(f"{x + step / 2:.1f},{PAD + inner_h * (1 - r['cumulative_share']):.1f}")
    marks = [{"share": s, "y": round(PAD + inner_h * (1 - s), 1)} for s in (0.8, 0.95)]
    return {"width": CHART_W, "height": CHART_H, "pad": PAD, "bars": bars, "line": " ".join(points), "marks": marks,
            "bottom": PAD + inner_h, "right": PAD + inner_w}


def portfolio_html(result: dict) -> str:
    """The page for :func:`kamgraph.reports.portfolio`'s result."""
    return _env.get_template("portfolio.html").render(result=result, chart=pareto_chart(result["accounts"]))


def write_portfolio(result: dict, path: str | Path) -> Path:
    """Write :func:`portfolio_html` as UTF-8; the file appears whole or not at all."""
    return write_whole(path, portfolio_html(result))
