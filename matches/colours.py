"""Club colours: which ink (black or white) reads best on a colour, by WCAG relative luminance.

Pure functions on "#rrggbb" strings, so they are tested with tables and no database.
"""

BLACK = "#000000"
WHITE = "#ffffff"


def relative_luminance(colour: str) -> float:
    """WCAG 2 relative luminance of "#rrggbb": 0 for black, 1 for white."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    red, green, blue = linear
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(first: str, second: str) -> float:
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def ink_for(colour: str) -> str:
    """Black or white, whichever has the higher contrast on the colour (black on a tie)."""
    return BLACK if contrast_ratio(colour, BLACK) >= contrast_ratio(colour, WHITE) else WHITE


def initials(name: str) -> str:
    """Up to three letters for a badge: "Napoli" -> "NAP", "Inter Milan" -> "IM"."""
    words = [word for word in name.split() if word[:1].isalnum()]
    if len(words) >= 2:
        return "".join(word[0] for word in words[:3]).upper()
    return name.strip()[:3].upper()


DARK_PAPER = "#111416"  # the page's background in dark mode (--paper in app.css)


def colour_on(paper: str, primary: str, secondary: str, minimum: float = 1.5) -> str:
    """The club colour to draw on `paper`: its primary, unless that all but vanishes there
    (Juventus' black on a dark page) and the secondary stands out more."""
    if contrast_ratio(primary, paper) >= minimum:
        return primary
    return max((primary, secondary), key=lambda colour: contrast_ratio(colour, paper))
