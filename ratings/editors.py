"""The Editors group: exactly the permissions the match desk needs.

Editors manage competitions, teams, players, matches, line-ups, key moments and their own
ratings. They get no permission on fan ratings: those belong to the fans. The migration
that creates the group calls this with its historical models; commands and tests call it
with the real ones.
"""

EDITORS = "Editors"
EDITOR_MODELS = {
    "matches": ["competition", "team", "player", "match", "appearance", "matchevent"],
    "ratings": ["editorrating"],
}
ACTIONS = ["add", "change", "delete", "view"]


def ensure_editors_group(group_model, permission_model):
    """Create the Editors group if needed and give it exactly the desk's permissions."""
    group, _ = group_model.objects.get_or_create(name=EDITORS)
    group.permissions.set(
        [
            permission_model.objects.get(
                content_type__app_label=app_label, codename=f"{action}_{model}"
            )
            for app_label, models in EDITOR_MODELS.items()
            for model in models
            for action in ACTIONS
        ]
    )
    return group
