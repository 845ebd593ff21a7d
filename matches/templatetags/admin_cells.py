from django import template
from django.forms import BoundField

register = template.Library()


@register.filter
def named_cell(field: BoundField, row: int):
    """A tabular inline's box, named by its column and row when it has no name of its own:
    a table cell has no <label>, so "Minute, row 3" is what a screen reader says."""
    widget = getattr(field.field.widget, "widget", field.field.widget)  # the admin's wrapper
    if field.is_hidden or "aria-label" in widget.attrs:
        return field
    return field.as_widget(attrs={"aria-label": f"{field.label}, row {row}"})
