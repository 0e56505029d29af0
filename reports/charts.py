"""Small SVG charts drawn on the server, so the HTML page and the PDF show the same picture.

Three chart shapes only (bars by category, lines over years, and a tiny line for small multiples);
a plotting library would bring its own scripts and fonts for what is a few dozen SVG elements here.
"""
from decimal import Decimal

from django.utils.html import escape

FONT = "'SimHei','Microsoft YaHei','Liuhao Hei','WenQuanYi Zen Hei','Noto Sans CJK SC',sans-serif"
RED, GREY, BLUE = "#b3261e", "#6c757d", "#1f5fa8"


def bar_chart(title: str, items: list[tuple[str, Decimal | int]], *, unit: str, width=440, height=230) -> str:
    left, right, top, bottom = 16, 16, 46, 46  # room for the tallest bar's label under the title
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = max((value for _label, value in items), default=0) or 1
    slot = plot_w / max(len(items), 1)
    bar_w = slot * 0.6
    parts = [_open(width, height, title)]
    parts.append(f'<line x1="{left}" y1="{top + plot_h}" x2="{width - right}" y2="{top + plot_h}" stroke="{GREY}" stroke-width="1"/>')
    for index, (label, value) in enumerate(items):
        bar_h = float(value) / float(peak) * plot_h
        x = left + index * slot + (slot - bar_w) / 2
        y = top + plot_h - bar_h
        parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar_w:.1f}" height="{bar_h:.1f}" fill="{RED}"/>')
        parts.append(_text(x + bar_w / 2, y - 4, _short_number(value, unit), 10, anchor="middle"))
        parts.append(_text(x + bar_w / 2, top + plot_h + 16, label, 10, anchor="middle"))
    parts.append("</svg>")
    return "".join(parts)


def line_chart(title: str, years: list[int], series: list[tuple[str, list[Decimal | None]]], *, width=440, height=230) -> str:
    """Percentages over years; a year where a rate does not apply leaves a gap in its line."""
    left, right, top, bottom = 40, 16, 40, 52  # room for a label of 100 % under the title
    plot_w, plot_h = width - left - right, height - top - bottom
    step = plot_w / max(len(years) - 1, 1)
    known = [float(v) for _name, values in series for v in values if v is not None]
    # The axis starts just below the lowest rate, so that 86 % and 92 % do not sit on one line.
    floor = max(0, int(min(known, default=0) // 10) * 10 - 10)
    scale = lambda percent: top + plot_h - (min(percent, 100) - floor) / (100 - floor) * plot_h  # noqa: E731
    parts = [_open(width, height, title)]
    for percent in sorted({floor, (floor + 100) // 2, 100}):
        y = scale(percent)
        parts.append(f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="#dee2e6" stroke-width="1"/>')
        parts.append(_text(left - 6, y + 4, f"{percent}%", 10, anchor="end"))
    for index, year in enumerate(years):
        parts.append(_text(left + index * step, top + plot_h + 16, str(year), 10, anchor="middle"))
    for number, (name, values) in enumerate(series):
        colour = (RED, BLUE)[number % 2]
        points = [(index, left + index * step, scale(float(v))) for index, v in enumerate(values) if v is not None]
        if len(points) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for _index, x, y in points)
            parts.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>')
        for index, x, y in points:
            parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{colour}"/>')
            above = _is_upper(series, number, index)
            first = index == 0 and len(years) > 1  # the first year's label right of its point, clear of the axis labels
            parts.append(_text(x - 4 if first else x, y - 7 if above else y + 15, f"{values[index]}%", 9,
                               anchor="start" if first else "middle", colour=colour))
        legend_x = left + number * 130
        parts.append(f'<rect x="{legend_x}" y="{height - 16}" width="12" height="4" fill="{colour}"/>')
        parts.append(_text(legend_x + 16, height - 11, name, 10))
    parts.append("</svg>")
    return "".join(parts)


def sparkline(values: list[Decimal | None], *, label: str, floor: int = 0, width: int = 96, height: int = 28) -> str:
    """A rate over a few years as a tiny line, for small multiples (one per township and rate, all
    of a column on one scale from `floor` to 100 %); a year where the rate does not apply leaves a
    gap. `label` says in words what the line shows: the picture's <title>, its accessible name and tooltip."""
    pad = 3
    step = (width - 2 * pad) / max(len(values) - 1, 1)
    scale = lambda percent: pad + (100 - min(max(percent, floor), 100)) / ((100 - floor) or 1) * (height - 2 * pad)  # noqa: E731
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
             f'role="img"><title>{escape(label)}</title>',
             f'<line x1="0" y1="{height - 0.5}" x2="{width}" y2="{height - 0.5}" stroke="#dee2e6" stroke-width="1"/>']
    runs, run = [], []
    for index, value in enumerate(values):
        if value is None:
            runs, run = runs + [run] if run else runs, []
        else:
            run.append((pad + index * step, scale(float(value))))
    runs += [run] if run else []
    for points in runs:
        if len(points) > 1:
            path = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
            parts.append(f'<polyline points="{path}" fill="none" stroke="{RED}" stroke-width="1.5"/>')
        else:
            parts.append(f'<circle cx="{points[0][0]:.1f}" cy="{points[0][1]:.1f}" r="1.5" fill="{RED}"/>')
    if values and values[-1] is not None:  # the year shown in the table, as a dot at the line's end
        parts.append(f'<circle cx="{runs[-1][-1][0]:.1f}" cy="{runs[-1][-1][1]:.1f}" r="2.5" fill="{RED}"/>')
    parts.append("</svg>")
    return "".join(parts)


def _is_upper(series, number: int, index: int) -> bool:
    """Whether a point lies above the other lines' points of that year (the first line wins a tie):
    its label goes above it and theirs below, so labels never sit on another line."""
    value = float(series[number][1][index])
    for other, (_name, values) in enumerate(series):
        if other != number and values[index] is not None:
            if float(values[index]) > value or (float(values[index]) == value and other < number):
                return False
    return True


def _open(width: int, height: int, title: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-label="{escape(title)}" font-family="{FONT}">'
        + _text(width / 2, 18, title, 13, anchor="middle")
    )


def _text(x, y, text, size, *, anchor="start", colour="#212529") -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" '
        f'fill="{colour}">{escape(text)}</text>'
    )


def _short_number(value, unit: str) -> str:
    value = Decimal(value)
    if value >= 10000:
        return f"{(value / 10000).quantize(Decimal('0.1')).normalize():f}万{unit}"
    return f"{value.quantize(Decimal('1')):f}{unit}"
