from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import UserCreationForm

from accounts.usernames import canonical_username
from matches.models import Team

User = get_user_model()

TAKEN = "That username is taken (or looks the same as one that is). Please choose another."
EMAIL_TAKEN = "An account with this email address already exists. Log in, or reset your password."


def _clean_new_email(value: str, *, exclude_pk=None) -> str:
    email = User.objects.normalize_email(value).strip()
    others = User.objects.filter(email__iexact=email)
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    if others.exists():
        raise forms.ValidationError(EMAIL_TAKEN)
    return email


class SignUpForm(UserCreationForm):
    email = forms.EmailField(
        help_text="Only for resetting your password. Never shown to anyone.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    class Meta:
        model = User
        fields = ["username", "email"]
        help_texts = {"username": "Letters, digits and @ . + - _ only; shown beside nothing."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].help_text = "Up to 150 letters, digits and @ . + - _"
        # One short line instead of the validators' wall of rules.
        self.fields[
            "password1"
        ].help_text = (
            "At least 8 characters, not too common, not all digits, not like your username."
        )
        self.fields["password2"].help_text = ""

    def clean_username(self) -> str:
        username = self.cleaned_data["username"]
        if User.objects.filter(canonical_username=canonical_username(username)).exists():
            raise forms.ValidationError(TAKEN)
        return username

    def clean_email(self) -> str:
        return _clean_new_email(self.cleaned_data["email"])


class ClubForm(forms.ModelForm):
    club = forms.ModelChoiceField(
        queryset=Team.objects.order_by("name"),
        required=False,
        empty_label="No club (neutral)",
        label="The club you support",
        help_text="Results can be split into home fans, away fans and neutrals.",
    )

    class Meta:
        model = User
        fields = ["club"]


class EmailForm(forms.Form):
    email = forms.EmailField(
        label="New email address", widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_email(self) -> str:
        return _clean_new_email(self.cleaned_data["email"], exclude_pk=self.user.pk)

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError("That is not your password.")
        return password


class DeleteAccountForm(forms.Form):
    confirm = forms.CharField(
        label="Type your username to confirm",
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "none"}),
    )

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_confirm(self) -> str:
        confirm = self.cleaned_data["confirm"]
        if confirm != self.user.get_username():
            raise forms.ValidationError(
                "That is not your username; your account has not been deleted."
            )
        return confirm
