from django import template

register = template.Library()


@register.filter
def get_item(mapping, key):
    """``mapping[key]`` in a template (the key itself when absent)."""
    return mapping.get(key, key) if hasattr(mapping, "get") else key


@register.filter
def pct(value) -> str:
    """A share as ``84,5 %`` in the page's language; a dash alone when there is none (never ``— %``)."""
    from django.utils.formats import localize

    return "—" if value is None else f"{localize(value)} %"
