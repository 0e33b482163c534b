from django import template
from django.utils.translation import gettext

register = template.Library()


@register.filter
def msg(text: str, params: dict | None = None) -> str:
    """A stored Indonesian msgid (practice-case facts) in the page's language, with its values."""
    translated = gettext(str(text))
    return translated % params if params else translated
