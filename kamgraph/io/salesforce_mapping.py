"""Custom Salesforce fields as kamgraph's own: a small TOML file says which field feeds what.

Real orgs keep seniority, attitude, influence or a buying role in custom fields
on Contact (``Level__c``, ``JobLevel__c``, ``Influence__c`` …). A mapping file
names the field for each and, optionally, how its values map::

    [level]
    field = "JobLevel__c"
    [level.values]
    "C-Level" = "executive"
    "Gerente" = "manager"

    [influence]
    field = "Influence__c"
    [influence.values]
    "Alta" = 0.9
    "Media" = 0.5

    [role]            # an account-level buying role
    field = "Buying_Role__c"

A value found in ``values`` (case and surrounding spaces ignored) maps as
written there; otherwise a value already in kamgraph's vocabulary (or a number
from 0 to 1 for influence) is read as it is. Any other value is reported and
left blank — never guessed.
"""

from __future__ import annotations

import tomllib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from kamgraph import model
from kamgraph.model import BuyingRole, Origin, Problem, ValidationError

TARGETS = {
    "level": model.normalise_level,
    "attitude": model.normalise_attitude,
    "influence": model.parse_share,
    "role": model.normalise_role,
}


@dataclass
class FieldMapping:
    """Which Contact field feeds each target, and its value table (already checked)."""

    fields: dict[str, str] = field(default_factory=dict)  # target -> Contact field
    values: dict[str, dict[str, object]] = field(default_factory=dict)  # target -> {written value (folded): ours}
    unknown: Counter = field(default_factory=Counter)  # (target, field, value) -> rows

    def value(self, target: str, written: str):
        """Our value for ``written``, or None (and counted as unknown) when neither the table nor the vocabulary has it."""
        if not written:
            return None
        table = self.values.get(target, {})
        key = written.strip().casefold()
        if key in table:
            return table[key]
        try:
            return TARGETS[target](written)
        except ValueError:
            self.unknown[(target, self.fields[target], written)] += 1
            return None

    def contact(self, row: dict, number: int, warnings: list[str]) -> dict:
        """The Person fields a Contact row's custom fields give."""
        out = {}
        for target in ("level", "attitude", "influence"):
            column = self.fields.get(target)
            if column and row.get(column):
                value = self.value(target, row[column])
                if value is not None:
                    out[target] = value
                    if target == "attitude" and value != row[column]:
                        out["attitude_source"] = row[column]
        return out

    def roles(self, contact_rows, contacts: dict, warnings: list[str]) -> list[BuyingRole]:
        """Account-level buying roles from the role field, and warnings for every unknown value met."""
        from kamgraph.io.salesforce import id18, is_salesforce_id

        found = []
        column = self.fields.get("role")
        for n, row in contact_rows if column else []:
            cid = id18(row["Id"]) if is_salesforce_id(row.get("Id", "")) else None
            if cid in contacts and row.get(column):
                role = self.value("role", row[column])
                if role is not None:
                    found.append(BuyingRole(cid, contacts[cid].account, role,
                                            row[column] if row[column] != role else None,
                                            origin=Origin("Contact.csv", n)))
        for (target, name, written), rows in sorted(self.unknown.items()):
            warnings.append(f"Contact.csv, column '{name}': '{written}' ({rows} row(s)) is not in the mapping's "
                            f"[{target}.values] nor a known {target}; left blank")
        for target, name in sorted(self.fields.items()):
            if contact_rows and name not in contact_rows[0][1]:
                warnings.append(f"Contact.csv has no column '{name}' (the mapping's [{target}] field)")
        return found


def read_mapping(path: str | Path) -> FieldMapping:
    """Read and check a mapping file; :class:`~kamgraph.model.ValidationError` names every problem in it."""
    path = Path(path)
    origin = Origin(path.name)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ValidationError([Problem(f"is not a readable TOML file: {exc}", origin)]) from None
    problems, mapping = [], FieldMapping()
    for target, section in data.items():
        if target not in TARGETS or not isinstance(section, dict):
            problems.append(Problem(f"[{target}] is not a mapping target; use {', '.join(TARGETS)}", origin))
            continue
        name = section.get("field")
        if not isinstance(name, str) or not name:
            problems.append(Problem(f"[{target}] needs field = \"Field__c\" (the Contact field it reads)", origin))
            continue
        mapping.fields[target] = name
        table = {}
        for written, ours in (section.get("values") or {}).items():
            try:
                table[str(written).strip().casefold()] = TARGETS[target](ours if target == "influence" else str(ours))
            except (ValueError, TypeError) as exc:
                problems.append(Problem(f"[{target}.values] '{written}': {exc}", origin))
        mapping.values[target] = table
    if problems:
        raise ValidationError(problems)
    return mapping
