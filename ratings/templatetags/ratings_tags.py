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
    """A small bar chart of the fans' votes 1..10, with the editor's mark drawn across it."""
    editor = line.editor_value
    bars = histogram(line.tally.distribution)
    # Each score has a 10-unit slot on a 100 x 40 canvas; a bar of 100% is 36 units tall.
    return {
        "chart_id": f"votes-{line.key.pk}",
        "line": line,
        # Coordinates are formatted here: floatformat on ~500 numbers a page is the slow part.
        "bars": [
            {
                "bar": bar,
                "x": (bar.score - 1) * 10 + 1,
                "y": f"{40 - bar.height * 0.36:.1f}",
                "height": f"{bar.height * 0.36:.1f}",
            }
            for bar in bars
        ],
        # The mark for a 6.5 stands between the 6 and 7 slots.
        "editor_x": None if editor is None else f"{float(editor) * 10 - 5:.1f}",
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
