"""``{{ version|tr:"description" }}``: a catalogue field in the page's language (``catalogue_text``)."""

from django import template

from balai.cases.catalogue_text import field_label, localized

register = template.Library()


@register.filter
def tr(obj, field: str) -> str:
    return localized(obj, field)


@register.filter(name="field_label")
def field_label_filter(spec: dict) -> str:
    """A form field definition's label in the page's language."""
    return field_label(spec)
