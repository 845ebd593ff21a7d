from django import forms
from django.conf import settings

from desk.saving import rating_window
from matches.models import Competition


class ReportForm(forms.Form):
    report = forms.CharField(
        label="Match report",
        strip=False,  # leading blank lines count in the line numbers of problems
        widget=forms.Textarea(attrs={"rows": 16, "cols": 100}),
        help_text="Paste the whole report, or just its player ratings (English or Italian).",
    )

    def clean_report(self) -> str:
        # Browsers send CRLF; store and number lines the way the editor sees them.
        return self.cleaned_data["report"].replace("\r\n", "\n").replace("\r", "\n")


class _DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self):
        super().__init__(format="%Y-%m-%dT%H:%M")


class NewMatchReportForm(ReportForm):
    """Importing into a new match also asks what the report cannot say."""

    competition = forms.ModelChoiceField(queryset=Competition.objects.all())
    kickoff = forms.DateTimeField(label="Kick-off", widget=_DateTimeInput())
    rating_opens_at = forms.DateTimeField(
        label="Fan rating opens",
        required=False,
        widget=_DateTimeInput(),
        help_text="Default: at kick-off.",
    )
    rating_closes_at = forms.DateTimeField(
        label="Fan rating closes",
        required=False,
        widget=_DateTimeInput(),
        help_text=f"Default: {settings.RATING_WINDOW_HOURS} hours after it opens.",
    )

    def clean(self):
        data = super().clean()
        if data.get("kickoff"):
            opens_at, closes_at = rating_window(
                data["kickoff"], data.get("rating_opens_at"), data.get("rating_closes_at")
            )
            if closes_at <= opens_at:
                self.add_error("rating_closes_at", "The rating window must close after it opens.")
        return data
