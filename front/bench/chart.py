"""The benchmark's charts, as plain SVG written beside docs/benchmarks.md (no library: a few rectangles and lines).

benchmarks-pages.svg: each page's median time at 1× and at 10× (bars), so a page that grows with the data stands out.
benchmarks-load.svg: each page's p99 against how many people use the site at once (lines), with the 100 ms target.
The tables in benchmarks.md hold the same figures (the text equivalent).
"""

from pathlib import Path
from xml.sax.saxutils import escape

# Colours told apart by people with the common colour-vision differences (Okabe and Ito), on white.
COLOURS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#882255"]
FONT_FAMILY = 'font-family="system-ui, sans-serif"'


def _font(size=12):
    return f'{FONT_FAMILY} font-size="{size}"'


def _svg(width, height, title, description, body):
    return "\n".join([
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        'role="img" aria-labelledby="chart-title chart-desc">',
        f'<title id="chart-title">{escape(title)}</title>',
        f'<desc id="chart-desc">{escape(description)}</desc>',
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>',
        *body,
        "</svg>",
        "",
    ])


def _nice_top(value):
    """A round number just above `value`, for the axis."""
    if value <= 0:
        return 1
    step = 10 ** len(str(int(value))) / 10
    for multiple in (1, 2, 2.5, 5, 10):
        if multiple * step >= value:
            return multiple * step
    return 10 * step


def pages_svg(runs, factor):
    """Horizontal bars, two per page: the median ms at 1× and at `factor`×."""
    pages_1 = runs[1][0]
    pages_n = runs.get(factor, ({}, None))[0]
    names = [name for name, result in pages_1.items() if result is not None]
    if not names:
        return None
    values = [(name, pages_1[name]["ms"], (pages_n.get(name) or {}).get("ms")) for name in names]
    top = _nice_top(max(max(a, b or 0) for _n, a, b in values))
    label_w, plot_w, row_h, head = 260, 460, 30, 50
    width, height = label_w + plot_w + 70, head + row_h * len(values) + 40
    body = [
        f'<text x="10" y="22" {_font(15)} font-weight="bold">Time per page (median ms), 1× and {factor}× '
        "the network</text>",
        f'<rect x="{label_w}" y="32" width="12" height="10" fill="{COLOURS[0]}"/>'
        f'<text x="{label_w + 16}" y="41" {_font()}>1×</text>',
        f'<rect x="{label_w + 60}" y="32" width="12" height="10" fill="{COLOURS[1]}"/>'
        f'<text x="{label_w + 76}" y="41" {_font()}>{factor}×</text>',
    ]
    for k in range(5):
        x = label_w + plot_w * k / 4
        body.append(f'<line x1="{x:.1f}" y1="{head}" x2="{x:.1f}" y2="{height - 30}" stroke="#d0d0d0"/>')
        body.append(f'<text x="{x:.1f}" y="{height - 14}" {_font()} text-anchor="middle">{top * k / 4:g} ms</text>')
    for row, (name, first, last) in enumerate(values):
        y = head + row * row_h
        body.append(f'<text x="{label_w - 8}" y="{y + 18}" {_font()} text-anchor="end">{escape(name)}</text>')
        for offset, value, colour in ((3, first, COLOURS[0]), (14, last, COLOURS[1])):
            if value is None:
                continue
            w = plot_w * value / top
            body.append(f'<rect x="{label_w}" y="{y + offset}" width="{w:.1f}" height="10" fill="{colour}">'
                        f"<title>{escape(name)}: {value:.1f} ms</title></rect>")
            body.append(f'<text x="{label_w + w + 4:.1f}" y="{y + offset + 9}" {_font(10)}>{value:.0f}</text>')
    description = "; ".join(f"{n}: {a:.0f} ms at 1×" + (f", {b:.0f} ms at {factor}×" if b is not None else "")
                            for n, a, b in values)
    return _svg(width, height, f"Time per page at 1× and {factor}×", description, body)


def load_svg(load, target_ms=100.0):
    """One line per page: p99 ms at each number of people at once; the target as a dashed line."""
    from .load import PAGES

    levels = sorted(load["levels"])
    series = []
    for name in [*PAGES, "All"]:
        points = [load["levels"][n]["pages"].get(name, {}).get("p99") for n in levels]
        if any(p is not None for p in points):
            series.append(("All pages" if name == "All" else name, points))
    layout = [load["levels"][n]["layout"].get("All", {}).get("p99") for n in levels]
    series.append(("Empty layout page", layout))
    top = _nice_top(max([target_ms, *(p for _n, pts in series for p in pts if p is not None)]))
    left, plot_w, plot_h, head = 70, 420, 300, 40
    width, height = left + plot_w + 230, head + plot_h + 50

    def x_of(k):
        return left + (plot_w * k / (len(levels) - 1) if len(levels) > 1 else plot_w / 2)

    def y_of(value):
        return head + plot_h - plot_h * value / top

    body = [f'<text x="10" y="22" {_font(15)} font-weight="bold">p99 time (ms) against people at once</text>']
    for k in range(5):
        y = head + plot_h * k / 4
        body.append(f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" stroke="#d0d0d0"/>')
        body.append(f'<text x="{left - 6}" y="{y + 4:.1f}" {_font()} text-anchor="end">{top * (4 - k) / 4:g}</text>')
    for k, n in enumerate(levels):
        body.append(f'<text x="{x_of(k):.1f}" y="{head + plot_h + 18}" {_font()} text-anchor="middle">{n}</text>')
    body.append(f'<text x="{left + plot_w / 2}" y="{head + plot_h + 38}" {_font()} text-anchor="middle">people at once'
                "</text>")
    ty = y_of(target_ms)
    body.append(f'<line x1="{left}" y1="{ty:.1f}" x2="{left + plot_w}" y2="{ty:.1f}" stroke="#000" '
                'stroke-dasharray="6 4"/>')
    body.append(f'<text x="{left + 4}" y="{ty - 4:.1f}" {_font(10)}>target {target_ms:.0f} ms</text>')
    for index, (name, points) in enumerate(series):
        colour = COLOURS[index % len(COLOURS)]
        dash = ' stroke-dasharray="2 3"' if index >= len(COLOURS) else ""
        coords = [(x_of(k), y_of(p)) for k, p in enumerate(points) if p is not None]
        path = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
        body.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"{dash}>'
                    f"<title>{escape(name)}</title></polyline>")
        for (x, y), value in zip(coords, [p for p in points if p is not None], strict=True):
            body.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{colour}"><title>{escape(name)}: '
                        f"{value:.0f} ms</title></circle>")
        ly = head + 10 + index * 18
        body.append(f'<line x1="{left + plot_w + 20}" y1="{ly}" x2="{left + plot_w + 40}" y2="{ly}" stroke="{colour}" '
                    f'stroke-width="2"{dash}/>')
        body.append(f'<text x="{left + plot_w + 46}" y="{ly + 4}" {_font()}>{escape(name)}</text>')
    description = "; ".join(
        f"{name}: " + ", ".join(f"{p:.0f} ms at {n}" for n, p in zip(levels, points, strict=True) if p is not None)
        for name, points in series
    )
    return _svg(width, height, "p99 time against people at once", description, body)


def write_charts(folder, *, runs, factor, load):
    """Write the charts that have figures; {"pages": path, "load": path}."""
    written = {}
    folder = Path(folder)
    for kind, text in (("pages", pages_svg(runs, factor) if runs else None), ("load", load_svg(load) if load else None)):
        if text:
            path = folder / f"benchmarks-{kind}.svg"
            path.write_text(text, encoding="utf-8")
            written[kind] = path
    return written
