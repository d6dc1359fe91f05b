"""kamgraph's own import format: CSV files, or one XLSX workbook, a sheet per kind of record.

A CSV file's kind comes from its name (``people.csv``, ``acme-people.csv``);
a workbook's sheets are named for their kind. :data:`SHEETS` defines every
column; ``kamgraph template`` writes them out with a README generated from the
same definitions, so the documentation cannot drift from the reader.

Reading never writes anything: :func:`read_paths` returns a
:class:`~kamgraph.model.Dataset`, or raises
:class:`~kamgraph.model.ValidationError` naming the file, row and column of
every problem it found.
"""

from __future__ import annotations

import datetime as _dt
import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from kamgraph import model
from kamgraph.io.domains import parse_domains
from kamgraph.model import Dataset, Origin, Problem, ValidationError


@dataclass(frozen=True)
class Column:
    name: str
    doc: str
    parse: Callable = model.parse_text
    required: bool = False
    field: str | None = None  # the record field it fills, when not ``name``
    source_field: str | None = None  # where the value as written is kept when normalising changed it
    source_of: str | None = None  # for an "as written" column: the vocabulary column whose source text it holds


@dataclass(frozen=True)
class Sheet:
    name: str
    doc: str
    columns: tuple[Column, ...]
    build: Callable[[dict, Origin], object]
    target: str  # the Dataset list it fills

    @property
    def required(self) -> list[str]:
        return [c.name for c in self.columns if c.required]


def _unknown_list(value: str) -> tuple[str, ...] | None:
    """An interaction's unknown stakeholders as written: ``address name; address; …`` (``|`` also separates).

    >>> _unknown_list("Tanaka@Acme.co.uk 田中 太郎; li@acme.co.uk")
    ('tanaka@acme.co.uk 田中 太郎', 'li@acme.co.uk')
    """
    from kamgraph.io.capture import normalise_address

    out = []
    for entry in re.split(r"[;|]", str(value)):
        address, _, name = entry.strip().partition(" ")
        if not address:
            continue
        found = normalise_address(address)
        if found is None:
            raise ValueError(f"'{address}' is not an email address; write each unknown stakeholder as "
                             "'address display name', separated by ';'")
        name = " ".join(name.split())
        out.append(f"{found} {name}" if name else found)
    return tuple(dict.fromkeys(out)) or None


def _sheet(name, target, doc, build, *columns) -> Sheet:
    return Sheet(name, doc, columns, build, target)


def _currency(value: str) -> str:
    code = value.strip().upper()
    if not re.fullmatch(r"[A-Z]{3}", code):
        raise ValueError(f"'{value}' is not a currency code; write its three letters, e.g. EUR, USD, MXN")
    return code
_AS_WRITTEN = ("Optional: the {0} as first written (a CRM's own text), kept beside its normal form; "
               "`kamgraph export` fills it in. Dropped when it names a different {0} than the {0} column.")


def _link(values: dict, origin: Origin) -> model.Link:
    return model.Link(origin=origin, **values)


SHEETS: dict[str, Sheet] = {
    s.name: s
    for s in (
        _sheet(
            "accounts", "accounts", "The customers (key accounts) you manage.",
            lambda v, o: model.Account(origin=o, **v),
            Column("id", "Your id for the account (a CRM id stays as it is).", required=True),
            Column("name", "The account's name.", required=True),
            Column("industry", "Industry, e.g. Retail."),
            Column("country", "Country."),
            Column("annual_revenue", "Our annual revenue from this account (the portfolio's revenue when no won "
                   "opportunity gives it), in currency.", model.parse_number),
            Column("company_revenue", "The customer's own company revenue (its size; never counted as ours), "
                   "in currency.", model.parse_number),
            Column("currency", "ISO 4217 code of annual_revenue and company_revenue, e.g. EUR.", _currency),
            Column("tier", "Your tier for it, e.g. Strategic."),
            Column("growth_potential", "Your estimate of its growth potential, 0 to 1 (portfolio score).", model.parse_share),
            Column("margin", "Its margin, 0 to 1 (portfolio score).", model.parse_share),
            Column("strategic_fit", "Its strategic fit, 0 to 1 (portfolio score).", model.parse_share),
            Column("domains", "Its email domains, separated by ';' (acme.com; acme.de), for mail and calendar imports; "
                   "blank: inferred from its contacts' emails.", parse_domains),
        ),
        _sheet(
            "people", "people", "Everyone in the graph: the customer's people and our own.",
            lambda v, o: model.Person(origin=o, **v),
            Column("id", "Your id for the person.", required=True),
            Column("name", "Full name.", required=True),
            Column("side", "customer (their people) or supplier (ours).", model.normalise_side, required=True),
            Column("account", "For a customer person: the id of the account they work at. Blank for ours."),
            Column("title", "Job title."),
            Column("email", "Email address."),
            Column("department", "Department or business unit."),
            Column("level", f"One of: {', '.join(model.LEVELS)} (also C-level, SVP, VP, Head, Senior Manager …); "
                   "blank to read it from the title.", model.normalise_level, source_field="level_written"),
            Column("level_source", _AS_WRITTEN.format("level"), source_of="level", field="level_written"),
            Column("active", "true while they are in the role; false once they have left (default true).", model.parse_bool),
            Column("left_on", "The date they left (YYYY-MM-DD); implies active false.", model.parse_date),
            Column("attitude", f"Customer people only. One of: {', '.join(model.ATTITUDES)}.", model.normalise_attitude,
                   source_field="attitude_source"),
            Column("attitude_source", _AS_WRITTEN.format("attitude"), source_of="attitude"),
            Column("influence", "Customer people only: your estimate of their informal influence, 0 to 1.", model.parse_share),
        ),
        _sheet(
            "team", "team", "Who on our side is on each account's team.",
            lambda v, o: model.TeamMember(origin=o, **v),
            Column("account", "The account's id.", required=True),
            Column("person", "The id of one of our people.", required=True),
            Column("role", "Their role on the team, e.g. KAM, KAS, KAE, executive sponsor, service.", required=True),
            Column("since", "On the team since (YYYY-MM-DD).", model.parse_date),
        ),
        _sheet(
            "relationships", "links", "Person-to-person relationships.",
            _link,
            Column("type", "reports_to, influences, conflict, or knows (one of ours knows a customer person).",
                   model.normalise_link_type, required=True, field="kind"),
            Column("from", "The id of the person the relationship goes from.", required=True, field="source"),
            Column("to", "The id of the person it goes to.", required=True, field="target"),
            Column("level", f"For knows: {', '.join(model.RELATIONSHIP_LEVELS)}.", model.normalise_relationship_level,
                   source_field="level_source"),
            Column("level_source", _AS_WRITTEN.format("level"), source_of="level"),
            Column("weight", "For influences: how strong, 0 to 1.", model.parse_share),
            Column("since", "Since when (YYYY-MM-DD).", model.parse_date),
        ),
        _sheet(
            "opportunities", "opportunities", "Deals with an account.",
            lambda v, o: model.Opportunity(origin=o, **v),
            Column("id", "Your id for the opportunity.", required=True),
            Column("account", "The account's id.", required=True),
            Column("name", "The opportunity's name.", required=True),
            Column("stage", "Sales stage."),
            Column("amount", "Value, in currency.", model.parse_number),
            Column("currency", "ISO 4217 code of amount, e.g. MXN. The portfolio never adds amounts in different "
                   "currencies.", _currency),
            Column("close_date", "Close date (YYYY-MM-DD).", model.parse_date),
            Column("won", "true if won, false if lost, blank while open.", model.parse_bool),
            Column("converted_amount", "Optional: amount converted to converted_currency (a CRM's corporate "
                   "currency; the Salesforce import fills it from CurrencyType.csv). The portfolio adds "
                   "converted amounts across currencies.", model.parse_number),
            Column("converted_currency", "ISO 4217 code of converted_amount, e.g. USD; needed with converted_amount.",
                   _currency),
        ),
        _sheet(
            "roles", "roles", "Buying-centre roles of customer people.",
            lambda v, o: model.BuyingRole(origin=o, **v),
            Column("person", "The customer person's id.", required=True),
            Column("account", "The account's id.", required=True),
            Column("role", f"One of: {', '.join(model.BUYING_ROLES)}.", model.normalise_role, required=True,
                   source_field="role_source"),
            Column("role_source", _AS_WRITTEN.format("role"), source_of="role"),
            Column("opportunity", "An opportunity id, when the role is for one deal only."),
        ),
        _sheet(
            "interactions", "interactions", "Meetings, calls, emails and tasks: they make relationships stronger.",
            lambda v, o: model.Interaction(origin=o, **v),
            Column("id", "Your id for the interaction.", required=True),
            Column("date", "When (YYYY-MM-DD).", model.parse_date, required=True),
            Column("kind", f"One of: {', '.join(model.INTERACTION_KINDS)}.", model.normalise_interaction_kind, required=True),
            Column("account", "The account it was about.", required=True),
            Column("participants", "Ids of everyone who took part, separated by ';' (all of them: "
                   "importing the interaction again with fewer drops the others).", model.parse_id_list, required=True),
            Column("subject", "What it was about."),
            Column("unknown", "Unknown stakeholders on it (filled by `kamgraph import mail` and `import calendar`): "
                   "addresses at the account's domains that match nobody, each with the display name it came with "
                   "after a space, separated by ';'.", _unknown_list),
        ),
    )
}

# Text starting with one of these is a formula to a spreadsheet; kamgraph.io.export writes it neutralised.
FORMULA_START = "=+-@\t\r"
MAX_COLUMNS = 1_000  # far more than any sheet kamgraph reads; a wider file is not one of its tables
MAX_XLSX_UNPACKED = 100_000_000  # bytes a workbook may unpack to: a zip bomb is refused before it is opened
_QUOTED_FORMULA = "^'(?='*[" + re.escape(FORMULA_START) + "])"


def unquote_formula(frame):
    """Drop the ``'`` an export put before CSV text that a spreadsheet would take for a formula (``'=x`` is ``=x``)."""
    return frame.replace(_QUOTED_FORMULA, "", regex=True)


@dataclass
class ReadResult:
    data: Dataset
    files: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    blank_rows: int = 0


def _normal_header(name: str) -> str:
    return re.sub(r"[\s\-]+", "_", str(name).strip().lower())


def sheet_for(name: str) -> Sheet | None:
    """The sheet a file stem or workbook sheet name stands for (``acme-people`` → people)."""
    key = _normal_header(name)
    for sheet in SHEETS.values():
        if key == sheet.name or key.endswith("_" + sheet.name):
            return sheet
    return None


def _cell(value) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value).strip()


def read_table(sheet: Sheet, header: list, rows: Iterator[tuple[int, list]], source: str, result: ReadResult,
               problems: list[Problem]) -> None:
    """Parse one table's rows into records, adding every problem found to ``problems``."""
    if len(header) > MAX_COLUMNS:
        problems.append(Problem(f"has {len(header):,} columns; a kamgraph sheet has at most {MAX_COLUMNS:,}",
                                Origin(source, 1)))
        return
    names = [_normal_header(h) for h in header]
    known = {c.name: c for c in sheet.columns}
    seen: set[str] = set()
    for name in names:
        if name in seen and name:
            problems.append(Problem(f"column '{name}' appears twice", Origin(source, 1), name))
        seen.add(name)
    missing = [c for c in sheet.required if c not in names]
    for name in missing:
        problems.append(Problem(f"the required column '{name}' is missing (the {sheet.name} sheet needs "
                                f"{', '.join(sheet.required)})", Origin(source)))
    if missing:
        return
    unknown = [h for h, n in zip(header, names, strict=True) if n not in known and n]
    if unknown:
        result.warnings.append(f"{source}: ignored unknown column(s) {', '.join(repr(str(u)) for u in unknown)}")
    target = getattr(result.data, sheet.target)
    for row_number, cells in rows:
        texts = [_cell(v) for v in cells]
        if not any(texts):
            result.blank_rows += 1
            continue
        origin = Origin(source, row_number)
        values: dict = {}
        ok = True
        as_written: dict[str, str] = {}
        for name, raw, text in zip(names, cells, texts, strict=False):
            column = known.get(name)
            if column is None:
                continue
            if column.source_of:
                if text:
                    as_written[column.source_of] = text
                continue
            if not text:
                if column.required:
                    problems.append(Problem("a value is required", origin, name))
                    ok = False
                continue
            try:
                # A workbook's date cells arrive as dates, not text.
                value = column.parse(raw if isinstance(raw, _dt.date) else text)
            except ValueError as exc:
                problems.append(Problem(str(exc), origin, name))
                ok = False
                continue
            values[column.field or name] = value
            if column.source_field and value != text:
                values[column.source_field] = text
        _keep_as_written(sheet, values, as_written)
        if ok:
            if "left_on" in values and "active" not in values:
                values["active"] = False
            target.append(sheet.build(values, origin))


def _keep_as_written(sheet: Sheet, values: dict, as_written: dict[str, str]) -> None:
    """Keep an "as written" column's text beside its value, unless the value cell was itself written another way
    (that text is the newer statement) or the text names a different value (the value was changed since)."""
    for column in sheet.columns:
        text = as_written.get(column.name)
        field_name = column.field or column.name
        if text is None or field_name not in values or column.source_field in values or text == values[field_name]:
            continue
        try:
            same = column.parse(text) == values[field_name]
        except ValueError:
            same = True  # a CRM's own text (a custom role) no vocabulary knows: it stays with the value
        if same:
            values[column.source_field] = text


def _read_frame(frame, sheet: Sheet, source: str, result: ReadResult, problems: list[Problem]) -> None:
    """A table read with no header row assumed: its first row is the header, as a spreadsheet shows it."""
    if frame.empty:
        problems.append(Problem("the file is empty; it needs at least a header row", Origin(source)))
        return
    values = frame.to_numpy(dtype=object).tolist()
    header = [_cell(h) for h in values[0]]
    while header and not header[-1]:
        header.pop()
    width = len(header)
    read_table(sheet, header, ((i, row[:width]) for i, row in enumerate(values[1:], start=2)), source, result, problems)


def _read_csv(path: Path, sheet: Sheet, result: ReadResult, problems: list[Problem]) -> None:
    import pandas as pd

    with open(path, "rb") as handle:  # a header too wide to be a kamgraph sheet is refused before pandas reads it
        first = handle.readline(1 << 20)
    columns = first.count(b",") + 1
    if b"\x00" in first:  # UTF-16 without its byte-order mark reads as ASCII with a NUL after each letter
        problems.append(Problem("is not UTF-8 text: its header row holds NUL bytes (UTF-16 without a byte-order "
                                "mark?); save it as CSV UTF-8", Origin(path.name, 1)))
        return
    if columns > MAX_COLUMNS:
        problems.append(Problem(f"has {columns:,} columns; a kamgraph sheet has at most {MAX_COLUMNS:,}",
                                Origin(path.name, 1)))
        return
    try:
        frame = pd.read_csv(path, header=None, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    except pd.errors.EmptyDataError:
        frame = pd.DataFrame()
    except UnicodeDecodeError as exc:
        problems.append(Problem(f"is not UTF-8 text (byte {exc.start}); save it as CSV UTF-8", Origin(path.name)))
        return
    except pd.errors.ParserError as exc:
        opened = re.search(r"EOF inside string starting at row (\d+)", str(exc))
        if opened:  # pandas counts rows from 0
            problems.append(Problem("is not a readable CSV file: a quoted value is never closed (a quote opened in "
                                    "this row runs to the end of the file)", Origin(path.name, int(opened[1]) + 1)))
        else:
            problems.append(Problem(f"is not a readable CSV file: {exc}", Origin(path.name)))
        return
    _read_frame(unquote_formula(frame), sheet, path.name, result, problems)


def _read_xlsx(path: Path, result: ReadResult, problems: list[Problem]) -> None:
    import zipfile

    import pandas as pd

    try:
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
        if unpacked > MAX_XLSX_UNPACKED:
            problems.append(Problem(f"is not a readable XLSX workbook (it unpacks to {unpacked:,} bytes, more than "
                                    f"{MAX_XLSX_UNPACKED:,})", Origin(path.name)))
            return
        frames = pd.read_excel(path, sheet_name=None, header=None, dtype=object, engine="openpyxl",
                               keep_default_na=False)  # a cell reading NA or null is that text, not blank
    except (zipfile.BadZipFile, OSError, KeyError, ValueError) as exc:
        problems.append(Problem(f"is not a readable XLSX workbook ({exc})", Origin(path.name)))
        return
    for title, frame in frames.items():
        sheet = sheet_for(title)
        if sheet is None:
            result.warnings.append(f"{path.name}: ignored sheet '{title}' (sheets are named {', '.join(SHEETS)})")
        elif not frame.empty:
            _read_frame(frame, sheet, f"{path.name} [{title}]", result, problems)


def files_in(paths: list[str | Path]) -> list[Path]:
    """The files to read for the given paths (a directory means its CSV and XLSX files)."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            found = sorted(x for x in p.iterdir() if x.suffix.lower() in (".csv", ".xlsx") and not x.name.startswith("~$"))
            if not found:
                raise ValidationError([Problem("holds no .csv or .xlsx files", Origin(str(p)))])
            out += found
        elif p.exists():
            out.append(p)
        elif p.is_symlink():
            raise ValidationError([Problem("is a symbolic link that leads nowhere (a loop, or its target is gone)",
                                           Origin(str(p)))])
        else:
            raise ValidationError([Problem("no such file or directory", Origin(str(p)))])
    return out


def read_paths(paths: list[str | Path]) -> ReadResult:
    """Read every file into one dataset; raises :class:`ValidationError` listing all problems found."""
    result = ReadResult(Dataset())
    problems: list[Problem] = []
    for path in files_in(paths):
        result.files.append(str(path))
        suffix = path.suffix.lower()
        if suffix == ".xlsx":
            _read_xlsx(path, result, problems)
        elif suffix == ".csv":
            sheet = sheet_for(path.stem)
            if sheet is None:
                problems.append(Problem(f"cannot tell what it holds; name it after its sheet "
                                        f"({', '.join(s + '.csv' for s in SHEETS)})", Origin(path.name)))
                continue
            _read_csv(path, sheet, result, problems)
        else:
            problems.append(Problem("is neither .csv nor .xlsx", Origin(path.name)))
    if problems:
        raise ValidationError(problems)
    return result
