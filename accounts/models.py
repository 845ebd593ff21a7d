from __future__ import annotations

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse

from accounts.usernames import canonical_username


class FanManager(UserManager):
    use_in_migrations = False

    def get_by_natural_key(self, username):
        # Log-in accepts the name however it is typed: case and look-alikes do not matter.
        return self.get(canonical_username=canonical_username(str(username)))


class User(AbstractUser):
    """A fan (or an editor). Usernames are unique by their canonical form, emails by case."""

    canonical_username = models.CharField(
        max_length=150,
        unique=True,
        editable=False,
        help_text="The username folded for look-alikes and case; two accounts never share it.",
    )
    club = models.ForeignKey(
        "matches.Team",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="supporters",
        help_text="The club the fan supports, if any.",
    )

    objects = FanManager()

    class Meta:
        ordering = ["username"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                condition=~models.Q(email=""),
                name="user_email_unique_ignoring_case",
                violation_error_message="An account with this email address already exists.",
            ),
        ]

    def __str__(self) -> str:
        return self.username

    def get_absolute_url(self) -> str:
        return reverse("accounts:profile")

    def save(self, *args, **kwargs) -> None:
        self.canonical_username = canonical_username(self.username)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "username" in update_fields:
            kwargs["update_fields"] = {*update_fields, "canonical_username"}
        super().save(*args, **kwargs)
