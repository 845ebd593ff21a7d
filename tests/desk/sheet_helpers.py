"""Build the team sheet's POST data the way the page's form sends it."""

from django.urls import reverse

SECTIONS = ("home-starters", "home-substitutes", "away-starters", "away-substitutes")


def sheet_url(match) -> str:
    return reverse("admin:matches_match_team_sheet", args=[match.pk])


def sheet_data(
    *,
    home_starters=(),
    home_substitutes=(),
    away_starters=(),
    away_substitutes=(),
    events=(),
    man_of_the_match="",
    home_score="1",
    away_score="0",
    opens="",
    closes="",
    **extra,
) -> dict:
    """Rows are (name, rating) for starters, (name, minute, rating) for substitutes;
    a name ending in "+new" ticks "new player". Events are (minute, kind, text)."""
    data = {
        "details-home_score": home_score,
        "details-away_score": away_score,
        "details-rating_opens_at": opens,
        "details-rating_closes_at": closes,
        "details-man_of_the_match": man_of_the_match,
        "details-paste": "",
        "save": "Save the team sheet",
    }
    sections = dict(
        zip(
            SECTIONS,
            (home_starters, home_substitutes, away_starters, away_substitutes),
            strict=True,
        )
    )
    for prefix, rows in sections.items():
        data[f"{prefix}-TOTAL_FORMS"] = str(len(rows))
        data[f"{prefix}-INITIAL_FORMS"] = "0"
        for index, row in enumerate(rows):
            name, *rest = row
            if name.endswith("+new"):
                name = name.removesuffix("+new")
                data[f"{prefix}-{index}-new_player"] = "on"
            data[f"{prefix}-{index}-name"] = name
            if prefix.endswith("substitutes"):
                minute, rating = rest
                data[f"{prefix}-{index}-minute_on"] = "" if minute is None else str(minute)
            else:
                (rating,) = rest
            data[f"{prefix}-{index}-rating"] = rating
    data["events-TOTAL_FORMS"] = str(len(events))
    data["events-INITIAL_FORMS"] = "0"
    for index, (minute, kind, text) in enumerate(events):
        data[f"events-{index}-minute"] = str(minute)
        data[f"events-{index}-kind"] = kind
        data[f"events-{index}-description"] = text
    data.update(extra)
    return data
