"""Seniority from job titles: a title read as a level, with the rule that matched.

Real CRM data rarely has a ``level`` column, but nearly every contact has a
title. The vocabulary is data, not code: ``kamgraph/titles.toml`` holds an
ordered table of rules (a pattern, the level it means, and a weight that
places it within the scale), and a user extends or overrides it with a file
of the same shape named by the ``KAMGRAPH_TITLES`` environment variable
(its rules are tried first). :func:`person_level` is the one place that
decides a person's level: a declared level always wins, then the title, and
otherwise the level is unknown.

Examples
--------
>>> rules = title_rules()
>>> read_title("VP, Facilities", rules).level
'executive'
>>> read_title("Gerente de Compras", rules).rule
'manager'
>>> person_level("Chief Executive Officer", "staff", rules).level
'staff'
"""

from __future__ import annotations

import functools
import os
import re
import tomllib
import unicodedata
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from kamgraph.errors import KamgraphError
from kamgraph.model import BUYING_ROLES, LEVELS

ENV_VAR = "KAMGRAPH_TITLES"
LEVEL_WEIGHTS = {"executive": 0.9, "director": 0.7, "manager": 0.45, "staff": 0.12}
"""A declared level's weight when the title does not place the person more precisely."""
UNKNOWN_WEIGHT = 0.3
WEIGHT_BANDS = {"executive": (0.8, 1.0), "director": (0.6, 0.79), "manager": (0.3, 0.59), "staff": (0.0, 0.29)}
"""Where each level's weights lie: a title rule's weight must fall in its level's band."""


@dataclass(frozen=True)
class LevelRule:
    name: str
    level: str
    weight: float
    pattern: re.Pattern
    source: str  # the file it came from


@dataclass(frozen=True)
class RoleRule:
    name: str
    role: str
    reason: str
    levels: tuple[str, ...]
    pattern: re.Pattern
    source: str


@dataclass(frozen=True)
class TitleRules:
    """The ordered rules for reading titles: the user's first, then kamgraph's own."""

    levels: tuple[LevelRule, ...]
    likely_roles: tuple[RoleRule, ...]


@dataclass(frozen=True)
class Seniority:
    """A person's level and where it came from.

    ``source`` is ``declared`` (the level column), ``title`` (read from the job
    title by ``rule``) or ``unknown``; ``written`` is the level as it was typed,
    when that differs from the level kept.
    """

    level: str | None
    source: str
    rule: str | None
    weight: float
    written: str | None = None

    def as_dict(self) -> dict:
        return {"level": self.level, "source": self.source, "rule": self.rule, "written": self.written}


def fold(text: str) -> str:
    """A title as the rules read it: no accents, case folded, punctuation as spaces, spaces collapsed.

    >>> fold("  Directeur Général / Geschäftsführer (VP, IT-chef)")
    'directeur general geschaftsfuhrer vp it chef'
    """
    text = _strip_accents(text)
    text = re.sub(r"[^\w&]+", " ", text)
    return " ".join(text.split())


def _strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _load(text: str, source: str) -> TitleRules:
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise KamgraphError(f"{source}: not a valid TOML file ({e})") from None
    unknown = set(data) - {"level", "likely_role"}
    if unknown:
        raise KamgraphError(f"{source}: unknown table {', '.join(sorted(unknown))}; use [[level]] and [[likely_role]]")

    def entry(kind: str, i: int, item: dict, required: tuple[str, ...]) -> str:
        where = f"{source}: [[{kind}]] number {i}"
        if not isinstance(item, dict):
            raise KamgraphError(f"{where} is not a table")
        missing = [k for k in required if k not in item]
        if missing:
            raise KamgraphError(f"{where} ({item.get('rule', 'unnamed')}) needs {', '.join(missing)}")
        return f"{where} ({item['rule']})"

    def compiled(where: str, pattern) -> re.Pattern:
        if not isinstance(pattern, str):
            raise KamgraphError(f"{where}: pattern must be text")
        try:
            return re.compile(_strip_accents(pattern))
        except re.error as e:
            raise KamgraphError(f"{where}: the pattern is not a valid regular expression ({e})") from None

    levels = []
    for i, item in enumerate(data.get("level", []), start=1):
        where = entry("level", i, item, ("rule", "level", "pattern"))
        level = item["level"]
        if level not in LEVELS:
            raise KamgraphError(f"{where}: level '{level}' is not one of {', '.join(LEVELS)}")
        low, high = WEIGHT_BANDS[level]
        weight = item.get("weight", LEVEL_WEIGHTS[level])
        if not isinstance(weight, (int, float)) or not low <= weight <= high:
            raise KamgraphError(f"{where}: weight {weight!r} is outside {low}–{high}, the band for {level}")
        levels.append(LevelRule(str(item["rule"]), level, float(weight), compiled(where, item["pattern"]), source))
    roles = []
    for i, item in enumerate(data.get("likely_role", []), start=1):
        where = entry("likely_role", i, item, ("rule", "role", "pattern"))
        if item["role"] not in BUYING_ROLES:
            raise KamgraphError(f"{where}: role '{item['role']}' is not one of {', '.join(BUYING_ROLES)}")
        allowed = tuple(item.get("levels", LEVELS))
        bad = [x for x in allowed if x not in LEVELS]
        if bad:
            raise KamgraphError(f"{where}: levels {', '.join(map(str, bad))} are not among {', '.join(LEVELS)}")
        roles.append(RoleRule(str(item["rule"]), item["role"], str(item.get("reason", item["rule"])), allowed,
                              compiled(where, item["pattern"]), source))
    return TitleRules(tuple(levels), tuple(roles))


@functools.cache
def builtin_rules() -> TitleRules:
    """kamgraph's own vocabulary, ``kamgraph/titles.toml``."""
    text = resources.files("kamgraph").joinpath("titles.toml").read_text(encoding="utf-8")
    return _load(text, "kamgraph/titles.toml")


def load_rules(path: str | Path) -> TitleRules:
    """A user's rules file, refused whole with a message naming the file and the rule when it is wrong."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as e:
        raise KamgraphError(f"{path}: cannot read the title rules ({e.strerror or e})") from None
    except UnicodeDecodeError:
        raise KamgraphError(f"{path}: the title rules are not UTF-8 text") from None
    return _load(text, str(path))


def combine(*rule_sets: TitleRules) -> TitleRules:
    """Rule sets tried in the order given."""
    return TitleRules(tuple(r for s in rule_sets for r in s.levels), tuple(r for s in rule_sets for r in s.likely_roles))


def title_rules(path: str | Path | None = None) -> TitleRules:
    """The rules in force: those in ``path`` (default: the file ``KAMGRAPH_TITLES`` names, if set), then the built-in ones."""
    path = path or os.environ.get(ENV_VAR) or None
    if not path:
        return builtin_rules()
    return _user_rules(str(Path(path).resolve()), _mtime(path))


def _mtime(path) -> float:
    try:
        return os.stat(path).st_mtime
    except OSError:
        return -1.0


@functools.lru_cache(maxsize=8)
def _user_rules(path: str, mtime: float) -> TitleRules:  # keyed by mtime: an edited file is read again
    return combine(load_rules(path), builtin_rules())


def read_title(title: str | None, rules: TitleRules | None = None) -> Seniority:
    """The level a job title means, and the rule that says so; ``unknown`` when no rule matches.

    >>> read_title("Store Manager").level, read_title("Direktur Utama").level, read_title("Planner").level
    ('manager', 'executive', 'staff')
    """
    rules = rules or title_rules()
    text = fold(title or "")
    if text:
        for rule in rules.levels:
            if rule.pattern.search(text):
                return Seniority(rule.level, "title", rule.name, rule.weight)
    return Seniority(None, "unknown", None, UNKNOWN_WEIGHT)


def person_level(title: str | None, declared: str | None, rules: TitleRules | None = None,
                 written: str | None = None) -> Seniority:
    """A person's level: the declared one if there is one, else the title's, else unknown.

    A declared level always wins. When the title agrees with it, the title's
    weight places the person within the level (a CEO above a VP, both declared
    executives); otherwise the level's own weight is used.
    """
    from_title = read_title(title, rules)
    if declared:
        agrees = from_title.level == declared
        return Seniority(declared, "declared", from_title.rule if agrees else None,
                         from_title.weight if agrees else LEVEL_WEIGHTS.get(declared, UNKNOWN_WEIGHT), written)
    return from_title


def people_levels(graph, rules: TitleRules | None = None) -> dict[str, Seniority]:
    """:func:`person_level` for every person in a snapshot, keyed by id."""
    rules = rules or title_rules()
    read: dict[str | None, Seniority] = {}  # many people share a title: read each title once
    out = {}
    for n, d in graph.nodes(data=True):
        title, declared = d.get("title"), d.get("level")
        if title not in read:
            read[title] = read_title(title, rules)
        from_title = read[title]
        if declared:
            agrees = from_title.level == declared
            out[n] = Seniority(declared, "declared", from_title.rule if agrees else None,
                               from_title.weight if agrees else LEVEL_WEIGHTS.get(declared, UNKNOWN_WEIGHT),
                               d.get("level_written"))
        else:
            out[n] = from_title
    return out
