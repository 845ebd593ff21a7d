from django.contrib import admin
from django.contrib.auth.admin import UserAdmin

from accounts.models import User


@admin.register(User)
class FanAdmin(UserAdmin):
    """Accounts, for site administrators only: the Editors group has no permission here,
    so editors never see fans' email addresses."""

    list_display = ["username", "email", "club", "is_staff", "date_joined"]
    list_select_related = ["club"]
    fieldsets = [
        *UserAdmin.fieldsets,
        ("Supporter", {"fields": ["club"]}),
    ]
    autocomplete_fields = ["club"]
