from django import template

from balai.payments.registry import line_label_display

register = template.Library()


@register.filter
def line_label(label: str) -> str:
    """A bill line's stored (Indonesian) label in the reader's language (registry.line_label_display)."""
    return line_label_display(str(label))


@register.filter
def channel_name(channel: str) -> str:
    """A payment's channel as people read it (a gateway's label, "Transfer bank (Bank X)"), never its code."""
    from balai.payments.receipts import channel_label

    return channel_label(str(channel))
