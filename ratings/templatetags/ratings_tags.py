from decimal import Decimal

from django import template

from ratings.models import format_rating

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
