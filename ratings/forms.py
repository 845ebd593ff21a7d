from django import forms
from django.core.exceptions import ValidationError
from django.utils.choices import BaseChoiceIterator

from matches.models import Appearance
from ratings.models import SCORES

SCORE_CHOICES = [(score, str(score)) for score in SCORES]
PLAIN_MARKS = {label for _score, label in SCORE_CHOICES}
FIELD_PREFIX = "rating-"


class _ScoreChoices(BaseChoiceIterator):
    """SCORE_CHOICES as Django takes them without re-normalising: a plain list is walked
    again for each field and its widget, 58 times a ballot, an eighth of the page's time."""

    def __iter__(self):
        return iter(SCORE_CHOICES)


_SCORE_CHOICES = _ScoreChoices()


def field_name(appearance: Appearance) -> str:
    return f"{FIELD_PREFIX}{appearance.pk}"


class ScoreRadios(forms.RadioSelect):
    """One player's ten buttons. A request that names the player twice with different
    scores is not guessed at (Django would take the last one): it is refused as invalid."""

    def value_from_datadict(self, data, files, name):
        values = data.getlist(name) if hasattr(data, "getlist") else [data.get(name)]
        if len(set(values)) > 1:
            return "several scores"
        return values[0] if values else None


def _score_field(appearance: Appearance, *, required: bool) -> forms.TypedChoiceField:
    name = appearance.player.name
    return forms.TypedChoiceField(
        label=name,
        choices=_SCORE_CHOICES,
        coerce=int,
        required=required,
        empty_value=None,
        widget=ScoreRadios,
        error_messages={
            "invalid_choice": f"Rate {name} with a whole number from 1 to 10.",
            "required": f"Choose a rating from 1 to 10 for {name}.",
        },
    )


class BallotForm(forms.Form):
    """A fan's ratings for every player in one match; blank players are left as they were."""

    def __init__(self, *args, appearances: list[Appearance], **kwargs):
        super().__init__(*args, **kwargs)
        self.appearances = list(appearances)
        for appearance in self.appearances:
            self.fields[field_name(appearance)] = _score_field(appearance, required=False)

    def clean(self):
        cleaned = super().clean()
        # A crafted request may name a player who did not play in this match.
        unknown = sorted(
            key for key in self.data if key.startswith(FIELD_PREFIX) and key not in self.fields
        )
        if unknown:
            raise ValidationError(
                "Some ratings were for players who did not play in this match; nothing was saved."
            )
        if not self.errors and not self.scores():
            raise ValidationError("Choose a rating for at least one player, then save.")
        return cleaned

    @staticmethod
    def plainly_valid(data, appearances: list[Appearance]) -> dict[Appearance, int] | None:
        """The scores of a ballot every field of which is plainly valid (a mark from 1 to
        10 or left blank, for a player of this match, named once), with at least one mark:
        what the form would accept, without building 29 fields to check it. None for
        anything else, which the form then judges and explains."""
        by_name = {field_name(appearance): appearance for appearance in appearances}
        scores = {}
        for name, values in data.lists():
            if not name.startswith(FIELD_PREFIX):
                continue
            appearance = by_name.get(name)
            if appearance is None or len(set(values)) != 1:
                return None
            if values[0] == "":
                continue
            if values[0] not in PLAIN_MARKS:
                return None
            scores[appearance] = int(values[0])
        return scores or None

    def scores(self) -> dict[Appearance, int]:
        return {
            appearance: self.cleaned_data[field_name(appearance)]
            for appearance in self.appearances
            if self.cleaned_data.get(field_name(appearance)) is not None
        }

    def players(self):
        """Pairs of (appearance, bound field) for the template, in team-sheet order."""
        return [(appearance, self[field_name(appearance)]) for appearance in self.appearances]


class PlayerRatingForm(forms.Form):
    """One fan's rating for one player, as saved by each click when JavaScript is on."""

    def __init__(self, *args, appearance: Appearance, **kwargs):
        super().__init__(*args, **kwargs)
        self.appearance = appearance
        self.fields[field_name(appearance)] = _score_field(appearance, required=True)

    @staticmethod
    def plainly_valid(data, appearance: Appearance) -> int | None:
        """The score, when this player's field is given once, a plain mark from 1 to 10:
        what the form would accept. None for anything else, which the form judges."""
        values = data.getlist(field_name(appearance))
        if len(values) != 1 or values[0] not in PLAIN_MARKS:
            return None
        return int(values[0])

    @property
    def score(self) -> int:
        return self.cleaned_data[field_name(self.appearance)]

    @property
    def field(self):
        return self[field_name(self.appearance)]
