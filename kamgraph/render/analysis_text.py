"""The analyses as text for a terminal: short sections, the most severe findings first."""

from __future__ import annotations

from kamgraph.render.table import format_table

MAX_ROWS = 15


BASIS_LABELS = {"declared_role": "declared role", "seniority": "seniority", "hierarchy": "heads the hierarchy",
                "likely_role": "likely role", "power": "influence"}


def level_label(person: dict) -> str:
    """A person's level with where it came from: ``executive (title)``, ``director (declared)``, ``unknown``."""
    if not person.get("level"):
        return "unknown"
    written = person.get("level_written")
    if written and " ".join(written.split()).casefold() == person["level"]:
        written = None  # only the case differed
    source = f"declared '{written}'" if person.get("level_source") == "declared" and written else person.get("level_source")
    return f"{person['level']} ({source})"


def roles_label(declared: list[str], likely: list[dict]) -> str:
    """Declared buying roles, or the likely ones read from the title, marked as likely."""
    if declared:
        return ", ".join(r.replace("_", " ") for r in declared)
    return ", ".join(f"likely {r['role'].replace('_', ' ')}" for r in likely)


def basis_label(basis: list[dict]) -> str:
    """On what grounds someone is a decision-maker, in a few words."""
    return ", ".join(dict.fromkeys(BASIS_LABELS.get(b["kind"], b["kind"]) for b in basis))


def _names(result: dict) -> dict[str, str]:
    return {p["id"]: p["name"] or p["id"] for p in result.get("contacts", []) + result.get("team", [])}


def _findings(title: str, findings: list[dict], limit: int) -> list[str]:
    if not findings:
        return [f"{title}: none", ""]
    rows = [{"severity": f["severity"], "kind": f["kind"].replace("_", " "), "detail": f["detail"]} for f in findings[:limit]]
    lines = [f"{title} ({len(findings)}):", format_table(rows, [("severity", "Severity"), ("kind", "Kind"), ("detail", "Detail")])]
    if len(findings) > limit:
        lines.append(f"… and {len(findings) - limit} more (--json lists them all)")
    return lines + [""]


def analysis_text(result: dict, limit: int = MAX_ROWS) -> str:
    """``kamgraph analyze`` for people: health, coverage, decision-makers, gaps and risks."""
    cov, health = result["coverage"], result["health"]
    names = _names(result)
    lines = [
        f"{result['account']['name']} ({result['account']['id']}) as of {result['as_of']}",
        "",
        f"Health {health['score']:.0f}/100 · " + " · ".join(
            f"{name.replace('_', ' ')} {c['points']:g}" + (f"/{c['weight']}" if c["weight"] > 0 else "")
            for name, c in health["components"].items()),
        f"Contacts {cov['contacts']} ({cov['covered_contacts']} covered) · decision-makers {cov['decision_makers']} "
        f"({cov['covered_decision_makers']} covered) · threads {cov['threads']} · "
        f"executives {cov['executives']['covered']}/{cov['executives']['contacts']} covered "
        f"({cov['executives']['covered_by_our_executives']} by our executives)",
        "",
        "Decision-makers:",
    ]
    by_id = {c["id"]: c for c in result["contacts"]}
    rows = []
    for dm in result["decision_makers"][:limit]:
        contact = by_id[dm["id"]]
        covered = contact["covered_by"]
        rows.append({"name": dm["name"], "title": dm["title"], "level": level_label(contact), "score": f"{dm['score']:.2f}",
                     "roles": roles_label(dm["components"]["roles"], dm["components"].get("likely_roles", [])) or "none declared",
                     "basis": basis_label(dm.get("basis", [])),
                     "covered_by": ", ".join(f"{names.get(x['member'], x['member'])} {x['strength']:.2f}" for x in covered[:3])
                     or "nobody"})
    if rows:
        lines += [format_table(rows, [("name", "Name"), ("title", "Title"), ("level", "Level"), ("score", "Power"),
                                      ("roles", "Roles"), ("basis", "Decision-maker by"),
                                      ("covered_by", "Covered by (strength)")]), ""]
    else:
        lines += ["  none known: no contact has a deciding role, an executive title or heads the reporting lines", ""]
    lines += _findings("Gaps", result["gaps"], limit)
    lines += _findings("Risks", result["risks"], limit)
    lines += _unknown(result.get("unknown_stakeholders"))
    return "\n".join(lines).rstrip() + "\n"


def _unknown(unknown: dict | None) -> list[str]:
    """One line and a short table of the unknown stakeholders seen most; nothing when there are none."""
    if not unknown or not unknown["count"]:
        return []
    rows = [{**u, "name": u["name"] or "", "last": u["last"] or ""} for u in unknown["top"]]
    more = f" ({len(rows)} seen most below; kamgraph people ACCOUNT --unknown lists all)" if unknown["count"] > len(rows) else ""
    return [f"Unknown stakeholders: {unknown['count']} at the account's domains match nobody{more}:",
            format_table(rows, [("address", "Address"), ("name", "Name"), ("interactions", "Interactions"),
                                ("last", "Last seen")]), ""]


def whatif_text(result: dict, limit: int = MAX_ROWS) -> str:
    """``kamgraph whatif``: who goes, what it costs, then the analysis after."""
    gone = ", ".join(f"{r['name'] or r['id']} ({'ours' if r['side'] == 'supplier' else 'theirs'})" for r in result["removed"])
    names = _names(result)
    uncovered = ", ".join(names.get(c, c) for c in result["newly_uncovered"]) or "nobody"
    head = [
        f"Without {gone}:",
        f"  health {result['health_before']:.0f} → {result['health']['score']:.0f} ({result['health_delta']:+.1f})",
        f"  threads lost: {result['lost_threads']}",
        f"  newly uncovered ({len(result['newly_uncovered'])}): {uncovered}",
        "",
    ]
    return "\n".join(head) + analysis_text(result, limit)


def paths_text(result: dict, names: dict[str, str]) -> str:
    """``kamgraph paths``: each path as a chain of people with how each step is made."""
    target = names.get(result["target"], result["target"])
    if not result["paths"]:
        return (f"No warm path to {target}: nobody on our team reaches them through the customer's relationships.\n"
                + _cut_note(result))
    lines = [f"Warm paths to {target}:"]
    for i, path in enumerate(result["paths"], start=1):
        chain = names.get(path["people"][0], path["people"][0])
        for step in path["steps"]:
            chain += f" —{step['via']} ({step['strength']:.2f})→ {names.get(step['to'], step['to'])}"
        lines.append(f"{i}. strength {path['strength']:.2f}: {chain}")
    return "\n".join(lines) + "\n" + _cut_note(result)


def _cut_note(result: dict) -> str:
    """The bound on dense colleague graphs, said when it left ties out (docs/analyses.md, warm paths)."""
    cut = result.get("cut") or {}
    if not cut.get("colleague_ties_left_out"):
        return ""
    return (f"(Searched the {cut['colleague_max_ties']} colleagues each person met most often: "
            f"{cut['colleague_ties_left_out']:,} colleague ties left out.)\n")
