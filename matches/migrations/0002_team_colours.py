import django.core.validators
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("matches", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="team",
            name="primary_colour",
            field=models.CharField(
                default="#4a5360",
                help_text="The club's main colour, for example Napoli's sky blue #12a0d7.",
                max_length=7,
                validators=[
                    django.core.validators.RegexValidator(
                        "^#[0-9a-fA-F]{6}$",
                        "Enter a colour as # and six hex digits, for example #12a0d7.",
                    )
                ],
            ),
        ),
        migrations.AddField(
            model_name="team",
            name="secondary_colour",
            field=models.CharField(
                default="#ffffff",
                help_text="The club's second colour, for the other half of its badge.",
                max_length=7,
                validators=[
                    django.core.validators.RegexValidator(
                        "^#[0-9a-fA-F]{6}$",
                        "Enter a colour as # and six hex digits, for example #12a0d7.",
                    )
                ],
            ),
        ),
        migrations.AddConstraint(
            model_name="team",
            constraint=models.CheckConstraint(
                condition=models.Q(("primary_colour__regex", "^#[0-9a-f]{6}$"), ("secondary_colour__regex", "^#[0-9a-f]{6}$")),
                name="team_colours_are_hex",
            ),
        ),
    ]
