from decimal import Decimal

from django import template

from ratings.models import format_rating
from ratings.stats import histogram

register = template.Library()


@register.filter
def rating(value: Decimal | None) -> str:
    """An editor's mark as a number (8, 6.5, 6.25), or "not rated"."""
    return format_rating(value)


@register.filter
def signed(value: Decimal | None) -> str:
    """A difference with its sign: +1.2, −0.5 (a true minus sign), 0.0; a dash when missing."""
    if value is None:
        return "–"
    if value > 0:
        return f"+{value}"
    if value < 0:
        return f"−{-value}"
    return f"{value}"


@register.inclusion_tag("includes/_vote_chart.html")
def vote_chart(line):
    """The rating rail: the fans' votes 1..10 as faint bars, and on a rail beneath them the
    editor's mark (a diamond), the crowd's mean (a circle) and the gap between them shaded
    warm when the crowd is higher, cool when lower."""
    editor = line.editor_value
    crowd = line.crowd_mean
    bars = histogram(line.tally.distribution)

    def x(value) -> float:
        return float(value) * 10 - 5  # 1 sits at 5, 10 at 95: the middle of each score's slot

    gap = None
    if editor is not None and crowd is not None and crowd != editor:
        low, high = sorted((x(crowd), x(editor)))
        gap = {
            "x": f"{low:.1f}",
            "width": f"{high - low:.1f}",
            "direction": "up" if crowd > editor else "down",
        }
    # Each score has a 10-unit slot; a bar of 100% is 30 units tall, above the rail.
    return {
        "chart_id": f"votes-{line.key.pk}",
        "line": line,
        # Coordinates are formatted here: floatformat on ~500 numbers a page is the slow part.
        "bars": [
            {
                "bar": bar,
                "x": (bar.score - 1) * 10 + 1,
                "y": f"{30 - bar.height * 0.3:.1f}",
                "height": f"{bar.height * 0.3:.1f}",
            }
            for bar in bars
        ],
        "crowd_x": f"{x(crowd):.1f}" if crowd is not None else None,
        "editor_x": None if editor is None else f"{x(editor):.1f}",
        "editor_left": None if editor is None else f"{x(editor) - 4.5:.1f}",
        "editor_right": None if editor is None else f"{x(editor) + 4.5:.1f}",
        "gap": gap,
    }


@register.filter
def magnitude(value: Decimal | None) -> Decimal | None:
    """The size of a difference without its sign, for sentences that say higher or lower."""
    return None if value is None else abs(value)


def _size(value: Decimal) -> str:
    gap = abs(value)
    if gap < Decimal("0.5"):
        return "small"
    if gap < Decimal("1.5"):
        return "medium"
    return "large"


@register.filter
def diff_class(value: Decimal | None) -> str:
    """CSS classes for a crowd-minus-editor gap: its direction and its size."""
    if value is None:
        return "diff diff-none"
    if value == 0:
        return "diff diff-level"
    direction = "up" if value > 0 else "down"
    return f"diff diff-{direction} diff-{_size(value)}"


@register.filter
def diff_words(value: Decimal | None) -> str:
    """The gap in words, so colour is never the only cue."""
    if value is None:
        return ""
    if value == 0:
        return "level"
    return f"crowd {'higher' if value > 0 else 'lower'}"


# The player's line chart: a 320 x 160 canvas, marks 1 (bottom) to 10 (top).
CHART_WIDTH, CHART_HEIGHT = 320, 160
CHART_LEFT, CHART_RIGHT, CHART_TOP, CHART_BOTTOM = 30, 16, 10, 26


def _chart_y(value) -> str:
    span = CHART_HEIGHT - CHART_TOP - CHART_BOTTOM
    return f"{CHART_TOP + (10 - float(value)) / 9 * span:.1f}"


@register.inclusion_tag("includes/_line_chart.html")
def line_chart(lines, key, player, competition):
    """Crowd mean (circles, solid line) against the editor's mark (diamonds, dashed line),
    match by match, oldest first. Coordinates are computed here; the template only draws."""
    width = CHART_WIDTH - CHART_LEFT - CHART_RIGHT
    count = len(lines)
    # A date under every point while they fit; in a long season, under every few.
    every = max(1, -(-count // 8))
    points = []
    for index, line in enumerate(lines):
        x = CHART_LEFT + (index * width / (count - 1) if count > 1 else width / 2)
        points.append(
            {
                "line": line,
                "x": f"{x:.1f}",
                "dated": index % every == 0 or index == count - 1,
                "crowd_y": None if line.crowd_mean is None else _chart_y(line.crowd_mean),
                "editor_y": None if line.editor_value is None else _chart_y(line.editor_value),
            }
        )
    return {
        "chart_id": f"chart-{key}",
        "title": f"{player} in {competition}: the crowd's mean against the editor's mark, "
        "match by match",
        "points": points,
        "crowd_path": " ".join(f"{p['x']},{p['crowd_y']}" for p in points if p["crowd_y"]),
        "editor_path": " ".join(f"{p['x']},{p['editor_y']}" for p in points if p["editor_y"]),
        "grid": [{"mark": mark, "y": _chart_y(mark)} for mark in (2, 4, 6, 8, 10)],
        "width": CHART_WIDTH,
        "height": CHART_HEIGHT,
        "left": CHART_LEFT,
        "right": CHART_WIDTH - CHART_RIGHT,
        "date_y": CHART_HEIGHT - 8,
    }
