from django import template

from matches.colours import BLACK, DARK_PAPER, colour_on, ink_for

register = template.Library()


@register.filter
def ink(colour: str) -> str:
    """The text colour for a club colour: "#000000" or "#ffffff", from its luminance."""
    return ink_for(colour)


@register.filter
def ink_class(colour: str) -> str:
    """A class for text set on a club colour: "on-light" (black ink) or "on-dark" (white)."""
    return "on-light" if ink_for(colour) == BLACK else "on-dark"


@register.filter
def colour_on_dark(team) -> str:
    """The club's colour for a dark page: the secondary where the primary would vanish."""
    return colour_on(DARK_PAPER, team.primary_colour, team.secondary_colour)


@register.inclusion_tag("includes/_club_badge.html")
def club_badge(team, size: str = "") -> dict:
    """A round badge in the club's two colours with its initials, drawn as inline SVG."""
    return {"team": team, "ink": ink_for(team.primary_colour), "size": size}
