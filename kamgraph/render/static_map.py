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
from pathlib import Path

import networkx as nx

from kamgraph.errors import KamgraphError
from kamgraph.render.files import write_whole
from kamgraph.render.relationship_map import (
    ATTITUDE_COLOURS,
    CONFLICT,
    DEPARTED,
    FONT_SIZE,
    INFLUENCE,
    OURS,
    RELATIONSHIP,
    REPORTS_TO,
    SEVERITY_RING,
    map_data,
)

FORMATS = ("svg", "png", "pdf")
SLIDE = (13.333, 7.5)  # inches: a 16:9 slide
DPI = 150  # for PNG
BAND_PAD = (85.0, 34.0, 52.0)  # as the page pads our team's band: sides, top, bottom (map units)
MIN_FONT = 3.5  # points: labels of a very large account stay drawn, if small


def _format(path: Path) -> str:
    suffix = path.suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise KamgraphError(f"cannot tell what to write for {path}: the file name should end in "
                            ".html (interactive page), .svg, .png or .pdf (still picture)")
    return suffix


def _dashes(dashes) -> tuple | str:
    return (0, tuple(dashes)) if dashes else "solid"


def map_figure(snapshots: nx.MultiDiGraph | list[nx.MultiDiGraph], *, title: str | None = None,
               as_of: dt.date | str | None = None, size: tuple[float, float] = SLIDE, **options):
    """A matplotlib Figure of the map; ``options`` are those of :func:`~kamgraph.render.relationship_map.map_data`."""
    from matplotlib.figure import Figure
    from matplotlib.lines import Line2D
    from matplotlib.patches import FancyArrowPatch, Rectangle

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
                               linewidth=0.8, zorder=0))
        ax.text(left + 8, top + 6, "Our team", color="#0550ae", fontweight="bold", va="top",
                fontsize=max(MIN_FONT, 22 * pt), zorder=0.5)

    for e in data["edges"]:
        if e.get("hidden") or e["from"] not in nodes or e["to"] not in nodes:
            continue
        a, b = nodes[e["from"]], nodes[e["to"]]
        colour = e["color"]["color"] if isinstance(e.get("color"), dict) else e.get("color", "#6e7781")
        alpha = e["color"].get("opacity", 1.0) if isinstance(e.get("color"), dict) else 1.0
        arrow = e.get("arrows") == "to"
        patch = FancyArrowPatch(
            (a["x"], a["y"]), (b["x"], b["y"]), arrowstyle="-|>" if arrow else "-", mutation_scale=9,
            shrinkA=a["size"] * pt, shrinkB=b["size"] * pt + 1, color=colour, alpha=alpha,
            linewidth=max(0.4, float(e.get("width", 1)) * pt * 1.5), linestyle=_dashes(e.get("dashes")), zorder=1,
            connectionstyle="arc3,rad=0.15" if e["kind"] == "relationship" else "arc3")
        ax.add_artist(patch)  # not add_patch: the limits are set, and recomputing them per line costs seconds

    for n in nodes.values():
        ours = n.get("side") == "ours"
        radius = n["size"] * pt
        border = n["color"]["border"]
        ax.scatter([n["x"]], [n["y"]], s=(2 * radius * (0.9 if ours else 1)) ** 2, marker="D" if ours else "o",
                   facecolor=n["color"]["background"], edgecolor=border,
                   linewidths=max(0.5, n.get("borderWidth", 1) * pt * 1.5),
                   linestyle="--" if n.get("shapeProperties", {}).get("borderDashes") else "-", zorder=3)
        font = n.get("font", {})
        executive = bool(font)
        ax.text(n["x"], n["y"] + n["size"] + 3, n["label"], ha="center", va="top", multialignment="center",
                fontsize=max(MIN_FONT, font.get("size", FONT_SIZE) * pt), color=font.get("color", "#1f2328"),
                fontweight="bold" if executive else "normal", linespacing=1.1, zorder=4,
                # a white backing as the page's white outline (a stroke effect would turn SVG text into paths)
                bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.75, "pad": 0.4})

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
    return out.getvalue()


def write_map_image(snapshots, path: str | Path, **options) -> Path:
    """Write the map to ``path`` as the picture its suffix names (.svg, .png, .pdf), whole or not at all."""
    path = Path(path)
    return write_whole(path, map_image(snapshots, _format(path), **options))
