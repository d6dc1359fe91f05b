"""The relationship map as a still picture (SVG, PNG or PDF) for slides and print.

It draws what :func:`kamgraph.render.relationship_map.map_data` gives the interactive page:
the same positions, colours, sizes and labels, our team's band, the relationship lines the
page shows by default, reporting and influence lines, and a legend. Rendered with matplotlib's
Agg backend (no display needed). Names are real text in an SVG (``svg.fonttype`` "none"),
which matplotlib escapes, so user text never becomes markup.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
from pathlib import Path

import networkx as nx

from kamgraph.bulk import no_cyclic_gc
from kamgraph.errors import KamgraphError
from kamgraph.render.files import write_whole
from kamgraph.render.relationship_map import (
    ATTITUDE_COLOURS,
    CONFLICT,
    DEPARTED,
    FONT_SIZE,
    INFLUENCE,
    LABEL_CHARS,
    OURS,
    RELATIONSHIP,
    REPORTS_TO,
    SEVERITY_RING,
    map_data,
)

FORMATS = ("svg", "png", "pdf")
SLIDE = (13.333, 7.5)  # inches: a 16:9 slide
DPI = 150  # for PNG
BAND_PAD = (85.0, 62.0, 52.0)  # as the page pads our team's band: sides, top, bottom (map units)
MIN_FONT = 3.5  # points: the smallest name printed; below it a large account names only some people
LABEL_LIMIT = 150  # names drawn at most, on an account too large to name everyone legibly
AVERAGE_CHAR = 0.6  # a character's width, of the font size (DejaVu Sans, estimated)


def _unit(dx: float, dy: float, fx: float, fy: float) -> tuple[float, float]:
    """(dx, dy) made one unit long; (fx, fy) made so when (dx, dy) is nothing (a curve's flat end)."""
    length = math.hypot(dx, dy)
    if length < 1e-9:
        dx, dy, length = fx, fy, math.hypot(fx, fy) or 1.0
    return dx / length, dy / length


def _format(path: Path) -> str:
    suffix = path.suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise KamgraphError(f"cannot tell what to write for {path}: the file name should end in "
                            ".html (interactive page), .svg, .png or .pdf (still picture)")
    return suffix


def _dashes(dashes) -> tuple | str:
    return (0, tuple(dashes)) if dashes else "solid"


def _label_box(node: dict, font: float) -> tuple[float, float, float, float]:
    """Where a node's label goes (map units: left, top, right, bottom), estimated from its characters.

    Estimated, not measured: asking the font for each of thousands of labels is what made the picture slow.
    DejaVu Sans averages about 0.6 of its size a character; lines are 1.1 apart as drawn.
    """
    lines = node["label"].split("\n")
    width = AVERAGE_CHAR * font * max(len(line) for line in lines)
    height = 1.1 * font * len(lines) + 0.3 * font
    top = node["y"] + node["size"] + 3
    return node["x"] - width / 2, top, node["x"] + width / 2, top + height


def _labelled(nodes: list[dict], pt: float) -> tuple[list[dict], bool]:
    """The nodes whose names are drawn, and whether that is a cut of everyone.

    Up to about 150 people every label is at least MIN_FONT points on a slide, and all are drawn. Beyond,
    names are drawn at MIN_FONT for at most LABEL_LIMIT people, executives, people with a high finding and
    the most powerful first, each only where it overlaps no name already placed: a picture, not a smudge.
    """
    if all(n.get("font", {}).get("size", FONT_SIZE) * pt >= MIN_FONT for n in nodes):
        return nodes, False
    order = sorted(nodes, key=lambda n: (not n.get("font"), n.get("severity") != "high", -n["size"], n["id"]))
    placed: list[tuple[dict, tuple]] = []
    cell = 4 * MIN_FONT / pt * AVERAGE_CHAR * LABEL_CHARS  # a grid of about a label's width, so each check is local
    grid: dict[tuple[int, int], list[tuple]] = {}
    for n in order:
        if len(placed) == LABEL_LIMIT:
            break
        box = _label_box(n, MIN_FONT / pt)
        cells = [(i, j) for i in range(int(box[0] // cell), int(box[2] // cell) + 1)
                 for j in range(int(box[1] // cell), int(box[3] // cell) + 1)]
        if any(box[0] < o[2] and o[0] < box[2] and box[1] < o[3] and o[1] < box[3]
               for c in cells for o in grid.get(c, ())):
            continue
        placed.append((n, box))
        for c in cells:
            grid.setdefault(c, []).append(box)
    return [n for n, _ in placed], True


def map_figure(snapshots: nx.MultiDiGraph | list[nx.MultiDiGraph] | None = None, *, title: str | None = None,
               as_of: dt.date | str | None = None, size: tuple[float, float] = SLIDE, data: dict | None = None,
               **options):
    """A matplotlib Figure of the map; ``options`` are those of :func:`~kamgraph.render.relationship_map.map_data`.

    ``data``: that function's result, when the caller has it already (the review draws the page and the
    picture from one), in place of ``snapshots``.

    Drawn with a few collections (lines alike in one path, people alike as the markers of one line,
    arrowheads one path a colour) rather than one matplotlib artist per person or line, so 5,000 people
    take seconds, not minutes, and the SVG stays small.
    """
    from matplotlib.collections import PathCollection
    from matplotlib.colors import to_rgba
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.patches import Rectangle
    from matplotlib.path import Path as MplPath

    if data is None:
        snapshots = [snapshots] if isinstance(snapshots, nx.MultiDiGraph) else list(snapshots)
        data = map_data(snapshots, as_of=as_of, **options)
    nodes = {n["id"]: n for n in data["nodes"]}
    redacted = options.get("redact") or options.get("redact_all")
    heading = title or (data["accounts"][0] if len(data["accounts"]) == 1 else f"Portfolio of {len(data['accounts'])} accounts")
    as_of_text = as_of.isoformat() if isinstance(as_of, dt.date) else (as_of or dt.date.today().isoformat())
    c = data["counts"]
    meta = (f"{c['customers']} of their people · {c['ours']} of ours · {c['findings']} findings ({c['high']} high)"
            f" · as of {as_of_text}{' · names redacted' if redacted else ''}")

    fig = Figure(figsize=size)
    fig.text(0.012, 0.975, heading, fontsize=16, fontweight="bold", va="top", color="#1f2328")
    fig.text(0.012, 0.93, meta, fontsize=9, va="top", color="#57606a")
    box = (0.01, 0.02, 0.77, 0.88)  # left, bottom, width, height: the legend goes on the right
    ax = fig.add_axes(box)
    ax.set_axis_off()

    # The drawing's extent (node centres, bands with their padding), grown to the axes' shape so
    # one map unit is as wide as it is high; then sizes in map units become points.
    xs = [n["x"] for n in nodes.values()] or [0.0]
    ys = [n["y"] for n in nodes.values()] or [0.0]
    bands = [(b[0] - BAND_PAD[0], b[1] - BAND_PAD[1], b[2] + BAND_PAD[0], b[3] + BAND_PAD[2]) for b in data["bands"]]
    x0 = min(xs + [b[0] for b in bands]) - 90
    x1 = max(xs + [b[2] for b in bands]) + 90
    y0 = min(ys + [b[1] for b in bands]) - 40
    y1 = max(ys + [b[3] for b in bands]) + 60
    width_pt, height_pt = size[0] * box[2] * 72, size[1] * box[3] * 72
    if (x1 - x0) / (y1 - y0) < width_pt / height_pt:
        grow = (y1 - y0) * width_pt / height_pt - (x1 - x0)
        x0, x1 = x0 - grow / 2, x1 + grow / 2
    else:
        grow = (x1 - x0) * height_pt / width_pt - (y1 - y0)
        y0, y1 = y0 - grow / 2, y1 + grow / 2
    ax.set_xlim(x0, x1)
    ax.set_ylim(y1, y0)  # the page's y grows downwards
    pt = width_pt / (x1 - x0)  # points per map unit

    for left, top, right, bottom in bands:
        ax.add_patch(Rectangle((left, top), right - left, bottom - top, facecolor="#eaf2fc", edgecolor="#b6d0f0",
                               linewidth=0.8, zorder=0, clip_on=False))
        ax.text(left + 8, top + 8, "Our team", color="#0550ae", fontweight="bold", va="top",
                fontsize=max(MIN_FONT, 22 * pt), zorder=0.5)

    # Lines: one PathCollection. Relationship lines curve as the page draws them (a vertical cubic
    # Bézier), the others are straight; both ends stop at the dots' rims; arrowheads one filled path a colour.
    # (colour, opacity, width, dashes) -> the vertices and codes of one compound path (no Path a line: 5,000 people
    # have ~10,000 lines)
    lines: dict[tuple, tuple[list, list]] = {}
    curve = [MplPath.MOVETO, MplPath.CURVE4, MplPath.CURVE4, MplPath.CURVE4]
    straight = [MplPath.MOVETO, MplPath.LINETO]
    heads, head_colours = [], []
    head = min(4.0 / pt, 10.0)  # an arrowhead's length in map units: 4 points, never larger than a small dot
    for e in data["edges"]:
        if e.get("hidden") or e["from"] not in nodes or e["to"] not in nodes:
            continue
        a, b = nodes[e["from"]], nodes[e["to"]]
        (ax_, ay), (bx, by) = (a["x"], a["y"]), (b["x"], b["y"])
        length = math.hypot(bx - ax_, by - ay)
        if length <= a["size"] + b["size"]:
            continue  # the dots touch: no line to draw
        colour = e["color"]["color"] if isinstance(e.get("color"), dict) else e.get("color", "#6e7781")
        alpha = e["color"].get("opacity", 1.0) if isinstance(e.get("color"), dict) else 1.0
        arrow = e.get("arrows") == "to"
        if e["kind"] == "relationship":
            bend = 0.6 * (by - ay)
            c1, c2 = (ax_, ay + bend), (bx, by - bend)
            ux, uy = _unit(c1[0] - ax_, c1[1] - ay, bx - ax_, by - ay)
            vx, vy = _unit(bx - c2[0], by - c2[1], bx - ax_, by - ay)
            start, end = (ax_ + ux * a["size"], ay + uy * a["size"]), (bx - vx * b["size"], by - vy * b["size"])
            vertices, codes = [start, c1, c2, end], curve
        else:
            ux, uy = (bx - ax_) / length, (by - ay) / length
            stop = b["size"] + (head if arrow else 0)
            start, end = (ax_ + ux * a["size"], ay + uy * a["size"]), (bx - ux * stop, by - uy * stop)
            vertices, codes = [start, end], straight
            if arrow:
                tip = (bx - ux * b["size"], by - uy * b["size"])
                half = head * 0.45
                heads.append([tip, (end[0] - uy * half, end[1] + ux * half), (end[0] + uy * half, end[1] - ux * half)])
                head_colours.append(colour)
        # opacity and width in steps too small to see, so lines alike share one element of the file
        key = (colour, round(alpha * 20) / 20, round(max(0.4, float(e.get("width", 1)) * pt * 1.5) * 10) / 10,
               tuple(e.get("dashes") or ()))
        into = lines.setdefault(key, ([], []))
        into[0].extend(vertices)
        into[1].extend(codes)
    if lines:
        keys = list(lines)
        ax.add_collection(PathCollection([MplPath(*lines[k]) for k in keys], facecolors="none",
                                         edgecolors=[to_rgba(k[0], k[1]) for k in keys], linewidths=[k[2] for k in keys],
                                         linestyles=[_dashes(k[3]) for k in keys], zorder=1, transform=ax.transData,
                                         clip_on=False), autolim=False)
    if heads:
        by_colour: dict[str, list] = {}
        for triangle, colour in zip(heads, head_colours, strict=True):
            by_colour.setdefault(colour, []).append(MplPath(triangle + [triangle[0]], closed=True))
        ax.add_collection(PathCollection([MplPath.make_compound_path(*p) for p in by_colour.values()],
                                         facecolors=list(by_colour), edgecolors="none", zorder=1.5,
                                         transform=ax.transData, clip_on=False), autolim=False)

    # Dots: people alike (shape, size in steps of a quarter point, colours, border) drawn as the markers of one
    # line with no line, so the file draws the shape once with its style and places it for each of them, with
    # no work a person; the few with a dashed border (ours who left) in a scatter, which can dash a border.
    dots: dict[tuple, list[dict]] = {}
    for n in nodes.values():
        ours = n.get("side") == "ours"
        diameter = round(2 * n["size"] * pt * (0.9 if ours else 1) * 4) / 4
        dots.setdefault(("D" if ours else "o", max(diameter, 0.25), n["color"]["background"], n["color"]["border"],
                         max(0.5, n.get("borderWidth", 1) * pt * 1.5),
                         bool(n.get("shapeProperties", {}).get("borderDashes"))), []).append(n)
    for (marker, diameter, face, edge, width, dashed), group in dots.items():
        xs, ys = [n["x"] for n in group], [n["y"] for n in group]
        if dashed:
            ax.scatter(xs, ys, marker=marker, s=diameter ** 2, facecolors=face, edgecolors=edge, linewidths=width,
                       linestyles="--", zorder=3, clip_on=False)
        else:
            ax.add_line(Line2D(xs, ys, linestyle="none", marker=marker, markersize=diameter, markerfacecolor=face,
                               markeredgecolor=edge, markeredgewidth=width, zorder=3, clip_on=False))

    # Labels: a white backing under each (one path, as the page's white outline; a stroke effect
    # would turn SVG text into paths), then the text itself, which stays text (searchable) in an SVG.
    labelled, cut = _labelled(list(nodes.values()), pt)
    backs = []
    for n in labelled:
        font = n.get("font", {})
        size_pt = MIN_FONT if cut else max(MIN_FONT, font.get("size", FONT_SIZE) * pt)
        left, top, right, bottom = _label_box(n, size_pt / pt)
        backs.append([(left, top), (right, top), (right, bottom), (left, bottom)])
        ax.text(n["x"], n["y"] + n["size"] + 3, n["label"], ha="center", va="top", multialignment="center",
                fontsize=size_pt, color=font.get("color", "#1f2328"), fontweight="bold" if font else "normal",
                linespacing=1.1, zorder=4)
    if backs:
        ax.add_collection(PathCollection([MplPath.make_compound_path(*(MplPath(b + [b[0]], closed=True) for b in backs))],
                                         facecolors=[(1, 1, 1, 0.75)], edgecolors="none", zorder=3.5,
                                         transform=ax.transData, clip_on=False), autolim=False)
    if cut:
        fig.text(0.012, 0.012, f"Names shown for {len(labelled):,} of {len(nodes):,} people: executives, high "
                 "findings and the most powerful first, none over another. The interactive map names everyone.",
                 fontsize=8, va="bottom", color="#57606a")

    def line(colour, style="-", width=2.0, marker=None):
        return Line2D([], [], color=colour, linestyle=style, linewidth=width, marker=marker)

    def dot(colour, marker="o", edge="#57606a", size=9, style="-"):
        return Line2D([], [], linestyle="none", marker=marker, markersize=size, markerfacecolor=colour,
                      markeredgecolor=edge, markeredgewidth=1.2 if style == "-" else 1.0)

    entries = [(dot(OURS, "D", "#0550ae"), "our team (band at the top)"),
               (dot(DEPARTED, "D"), "ours, has left")]
    entries += [(dot(colour), name) for name, colour in ATTITUDE_COLOURS.items() if name]
    entries += [(dot(ATTITUDE_COLOURS[None]), "attitude unknown"),
                (dot(ATTITUDE_COLOURS[None], size=14), "larger = more decision power;\nbold name = executive"),
                (dot("white", edge=SEVERITY_RING["high"][0]), "⚠ high-severity finding"),
                (dot("white", edge=SEVERITY_RING["medium"][0]), "medium finding"),
                (line(RELATIONSHIP, width=3), "our relationship, wider = stronger\n(each contact's strongest)"),
                (line(RELATIONSHIP, "--"), "stale (90 days)"),
                (line(DEPARTED, "--"), "held by someone who left"),
                (line(REPORTS_TO, width=1.2, marker=">"), "reports to (arrow to the manager)"),
                (line(INFLUENCE, ":"), "influences"),
                (line(CONFLICT, "--"), "in conflict")]
    if any(n.get("side") == "unknown" for n in nodes.values()):  # kamgraph.render.unknown_nodes
        entries.append((dot("white", style="--"), "? unknown stakeholder: in mail or\nmeetings, in no one's records"))
    fig.legend([h for h, _ in entries], [t for _, t in entries], loc="upper left", bbox_to_anchor=(0.79, 0.9),
               ncol=1, fontsize=8, frameon=False, handlelength=2.2, title="Legend", alignment="left")
    return fig


@no_cyclic_gc()
def map_image(snapshots, fmt: str, **options) -> bytes:
    """The map as the bytes of an SVG, PNG or PDF file (``fmt``); ``options`` as for :func:`map_figure`."""
    if fmt not in FORMATS:
        raise KamgraphError(f"cannot draw the map as {fmt!r}: choose one of {', '.join(FORMATS)}")
    from matplotlib import rc_context

    with rc_context({"svg.fonttype": "none", "svg.hashsalt": "kamgraph", "pdf.fonttype": 42,
                     "font.family": "DejaVu Sans"}):
        fig = map_figure(snapshots, **options)
        out = io.BytesIO()
        fig.savefig(out, format=fmt, dpi=DPI, facecolor="white", metadata={"Date": None} if fmt != "png" else None)
    if fmt == "svg":
        return _compact(out.getvalue().decode("utf-8")).encode("utf-8")
    return out.getvalue()


_TAG = re.compile(r"<[^>]+>")
_DIGITS = re.compile(r"(\d\.\d)\d+")


def _compact(svg: str) -> str:
    """The SVG with its numbers cut to one decimal (a tenth of a point): a third smaller for a large account.

    Only inside tags: text between tags is people's names (matplotlib escapes &, < and > in it, so a name
    never looks like a tag), and a name's "1.2345" stays as it is.
    """
    return _TAG.sub(lambda m: _DIGITS.sub(r"\1", m.group(0)), svg)


def print_svg(data: dict, *, as_of: dt.date | str | None = None, title: str | None = None,
              redact: bool = False) -> str:
    """The picture as an ``<svg>`` element to put inside an HTML page (no XML prolog), from map data at hand.

    ``data`` is :func:`~kamgraph.render.relationship_map.map_data`'s result: the review draws its page and
    this picture from one, so the layout and analyses are not computed twice.
    """
    svg = map_image(None, "svg", data=data, as_of=as_of, title=title, redact=redact).decode("utf-8")
    return svg[svg.index("<svg"):]


def write_map_image(snapshots, path: str | Path, **options) -> Path:
    """Write the map to ``path`` as the picture its suffix names (.svg, .png, .pdf), whole or not at all."""
    path = Path(path)
    return write_whole(path, map_image(snapshots, _format(path), **options))
