"""The account review pack: one self-contained HTML page (the map inside it) or Markdown, printable."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import jinja2

from kamgraph.bulk import no_cyclic_gc
from kamgraph.render.analysis_text import basis_label, level_label, roles_label
from kamgraph.render.files import write_whole
from kamgraph.render.relationship_map import map_data, map_html
from kamgraph.render.static_map import print_svg

_html = jinja2.Environment(loader=jinja2.PackageLoader("kamgraph.render", "templates"), autoescape=True,
                           undefined=jinja2.StrictUndefined)
_md = jinja2.Environment(loader=jinja2.PackageLoader("kamgraph.render", "templates"), autoescape=False,
                         undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)


def _md_cell(value) -> str:
    """User text made safe for a Markdown table cell: no pipes, line breaks or markup that changes the table."""
    text = " ".join(str(value if value is not None else "").split())
    return re.sub(r"([\\|*_`\[\]<>#])", r"\\\1", text)


_md.filters["cell"] = _md_cell


STAKEHOLDER_ROWS = 250  # the stakeholder table of a large account: every decision-maker and the most powerful
FINDING_ROWS = 300  # findings listed in full, most severe first


def _listed_contacts(contacts: list[dict], rows: int = STAKEHOLDER_ROWS) -> list[dict]:
    """The contacts the review's table lists, in the analysis' order (most decision power first): all of them
    up to ``rows``; beyond, every decision-maker and the most powerful of the rest up to ``rows`` in all (a
    table of thousands prints as a hundred pages and is read by nobody; the export lists everyone)."""
    if len(contacts) <= rows:
        return contacts
    room = max(rows - sum(1 for c in contacts if c["decision_maker"]), 0)
    listed = []
    for c in contacts:
        if c["decision_maker"]:
            listed.append(c)
        elif room:
            listed.append(c)
            room -= 1
    return listed


def _context(pack: dict) -> dict:
    graph, analysis = pack["graph"], pack["analysis"]
    names = {n: d.get("name") or n for n, d in graph.nodes(data=True)}
    stakeholders = []
    listed = _listed_contacts(analysis["contacts"])
    for c in listed:
        d = graph.nodes[c["id"]]
        best = c["covered_by"][0] if c["covered_by"] else None
        declared = sorted({r["role"] for r in d.get("roles", [])})
        stakeholders.append({
            "name": c["name"], "title": c["title"], "department": c["department"],
            "level": level_label(c),
            "roles": roles_label(declared, c.get("likely_roles", [])),
            "basis": basis_label(c.get("basis", [])),
            "attitude": c["attitude"], "power": c["power"], "decision_maker": c["decision_maker"],
            "covered_by": ", ".join(names.get(x["member"], x["member"]) for x in c["covered_by"]) or "nobody",
            "strength": best["strength"] if best else 0.0, "last": c["last"],
        })
        row = stakeholders[-1]  # the figures as both tables print them, once (a filter a cell is slow at 5,000 rows)
        row["power_text"], row["strength_text"] = "%.2f" % row["power"], "%.2f" % row["strength"]
    changes = pack["changes"]
    if changes:
        for key in ("strengthened", "weakened", "went_stale"):
            for entry in changes[key]:
                entry["member_name"] = names.get(entry["member"], entry["member"])
                entry["contact_name"] = names.get(entry["contact"], entry["contact"])
    order = {"high": 0, "medium": 1, "low": 2}
    findings = sorted(analysis["gaps"] + analysis["risks"], key=lambda f: order[f["severity"]])
    rest = findings[FINDING_ROWS:]  # the least severe, beyond what a printed page holds; analyze --json has them
    findings = findings[:FINDING_ROWS]
    rest_text = ", ".join(f"{n} {severity}" for severity in order
                          if (n := sum(1 for f in rest if f["severity"] == severity)))
    return {"account": graph.graph["account"], "analysis": analysis, "actions": pack["actions"], "findings": findings,
            "changes": changes, "stakeholders": stakeholders, "as_of": pack["as_of"],
            "stakeholders_total": len(analysis["contacts"]), "findings_rest": len(rest), "findings_rest_text": rest_text,
            "unknown": analysis.get("unknown_stakeholders") or {"count": 0, "top": []},
            "generated": dt.date.today().isoformat()}


@no_cyclic_gc()
def review_html(pack: dict) -> str:
    """The review pack as one HTML page; ``pack`` is :func:`kamgraph.reports.review`'s result."""
    context = _context(pack)
    # The map page rides in a script element (whose text is not escaped, so it stays its own size) and the
    # review's script hands it to the iframe; only "</script" and "<!--" need hiding there, and come back as such.
    # once, for the page and the printed picture, from the analysis and strengths the review has already
    data = map_data([pack["graph"]], as_of=pack["as_of"], analyses=[pack["analysis"]], strengths=pack.get("strengths"))
    page = map_html(pack["graph"], as_of=pack["as_of"], data=data)
    context["print_map"] = print_svg(data, as_of=pack["as_of"])  # shown when printed, where scripts do not run
    context["map_page"] = re.sub(r"<(/script|!--)", r"<\\\1", page, flags=re.IGNORECASE)
    return _html.get_template("review.html").render(**context)


def review_markdown(pack: dict) -> str:
    """The review pack as Markdown (no map: link the HTML map beside it)."""
    return _md.get_template("review.md").render(**_context(pack))


def write_review(pack: dict, path: str | Path, fmt: str = "html") -> Path:
    """Write the review pack (``fmt`` "html" or "md") as UTF-8; the file appears whole or not at all."""
    return write_whole(path, review_html(pack) if fmt == "html" else review_markdown(pack))
