import json

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods

from accounts.forms import EMAIL_TAKEN, ClubForm, DeleteAccountForm, EmailForm, SignUpForm
from accounts.throttling import over_limit, too_many_requests

# The fan's votes belong to ratings; deleting an account and downloading one's data ask it.
from ratings.models import fan_ratings_export, forget_fan


def _next_url(request: HttpRequest) -> str:
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return next_url
    return ""


@require_http_methods(["GET", "POST"])
def signup(request: HttpRequest) -> HttpResponse:
    next_url = _next_url(request)
    if request.method == "POST":
        wait = over_limit(request, group="signup", key="ip", rate=settings.SIGNUP_RATE)
        if wait is not None:
            return too_many_requests(
                request, retry_after=wait, message="Too many sign-ups from this address."
            )
        form = SignUpForm(request.POST)
        if form.is_valid() and (user := _save_new_fan(form)):
            login(request, user, backend="accounts.backends.FanBackend")
            messages.success(
                request, f"Welcome, {user.username}. Pick a match and rate the players."
            )
            return redirect(next_url or "matches:list")
    else:
        form = SignUpForm()
    return render(request, "accounts/signup.html", {"form": form, "next": next_url})


def _save_new_fan(form: SignUpForm):
    """Save the sign-up; a simultaneous sign-up that took the name or email first is an error."""
    try:
        with transaction.atomic():
            return form.save()
    except IntegrityError:
        form.add_error(None, "That username or email address has just been taken. Try another.")
        return None


login_view = auth_views.LoginView.as_view(
    template_name="accounts/login.html", redirect_authenticated_user=True
)
logout_view = auth_views.LogoutView.as_view()
password_change = auth_views.PasswordChangeView.as_view(
    template_name="accounts/password_change.html",
    success_url=reverse_lazy("accounts:password_change_done"),
)
password_change_done = auth_views.PasswordChangeDoneView.as_view(
    template_name="accounts/password_change_done.html"
)
_password_reset = auth_views.PasswordResetView.as_view(
    template_name="accounts/password_reset.html",
    email_template_name="accounts/email/password_reset.txt",
    subject_template_name="accounts/email/password_reset_subject.txt",
    success_url=reverse_lazy("accounts:password_reset_done"),
)
password_reset_done = auth_views.PasswordResetDoneView.as_view(
    template_name="accounts/password_reset_done.html"
)
password_reset_confirm = auth_views.PasswordResetConfirmView.as_view(
    template_name="accounts/password_reset_confirm.html",
    success_url=reverse_lazy("accounts:password_reset_complete"),
)
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="accounts/password_reset_complete.html"
)


def _email_key(group: str, request: HttpRequest) -> str:
    return request.POST.get("email", "").strip().lower()[:254]


@require_http_methods(["GET", "POST"])
def password_reset(request: HttpRequest) -> HttpResponse:
    """Django's reset view, throttled per address and per email before anything is sent."""
    if request.method == "POST":
        rate = settings.PASSWORD_RESET_RATE
        wait = over_limit(request, group="password-reset-ip", key="ip", rate=rate)
        if wait is None:
            wait = over_limit(request, group="password-reset-email", key=_email_key, rate=rate)
        if wait is not None:
            return too_many_requests(
                request, retry_after=wait, message="Too many password-reset requests."
            )
    return _password_reset(request)


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    club_form = ClubForm(instance=request.user)
    email_form = EmailForm(request.user)
    if request.method == "POST":
        if "email" in request.POST:
            email_form = EmailForm(request.user, request.POST)
            if email_form.is_valid():
                request.user.email = email_form.cleaned_data["email"]
                try:
                    with transaction.atomic():
                        request.user.save(update_fields=["email"])
                except IntegrityError:
                    email_form.add_error("email", EMAIL_TAKEN)
                else:
                    messages.success(request, "Your email address has been changed.")
                    return redirect("accounts:profile")
        else:
            club_form = ClubForm(request.POST, instance=request.user)
            if club_form.is_valid():
                club_form.save()
                club = club_form.cleaned_data["club"]
                messages.success(
                    request,
                    f"Saved: you support {club}." if club else "Saved: you support no club.",
                )
                return redirect("accounts:profile")
    return render(
        request, "accounts/profile.html", {"club_form": club_form, "email_form": email_form}
    )


@login_required
@require_GET
def download_data(request: HttpRequest) -> HttpResponse:
    user = request.user
    data = {
        "account": {
            "username": user.username,
            "email": user.email,
            "club": user.club.name if user.club else None,
            "joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
        },
        "ratings": fan_ratings_export(user),
        "exported_at": timezone.now().isoformat(),
    }
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False), content_type="application/json"
    )
    response["Content-Disposition"] = f'attachment; filename="terrace-{user.pk}-data.json"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request: HttpRequest) -> HttpResponse:
    form = DeleteAccountForm(request.user)
    if request.method == "POST":
        form = DeleteAccountForm(request.user, request.POST)
        if form.is_valid():
            user = request.user
            logout(request)
            forget_login_attempts(user)
            forget_fan(fan=user)
            messages.success(request, "Your account has been deleted. Thank you for rating.")
            return redirect("matches:list")
    return render(request, "accounts/delete.html", {"form": form})


def forget_login_attempts(user) -> None:
    """django-axes keeps usernames with failed log-ins; a deleted account leaves none behind."""
    names = {user.username, user.canonical_username}
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        model.objects.filter(username__in=names).delete()
