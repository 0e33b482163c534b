"""``{% bill_qris bill as qris %}``: the bill's dynamic QRIS payload drawn as an SVG QR code
(``payments/qris.py``), or None when no acquirer is configured outside demo mode."""

from __future__ import annotations

import segno
from django import template

from ..qris import bill_payload, merchant_conf
from ..sandbox import demo_mode

register = template.Library()


@register.simple_tag
def bill_qris(bill, amount: int | None = None) -> dict | None:
    demo = demo_mode()
    merchant = merchant_conf(demo=demo)
    if merchant is None or bill is None:
        return None
    payload = bill_payload(payment_code=bill.payment_code, amount=amount or bill.total, merchant=merchant)
    return {"payload": payload, "svg": segno.make(payload, error="m").svg_data_uri(scale=4, border=2),
            "sandbox": not conf_has_nmid(), "nmid": merchant["NMID"]}


def conf_has_nmid() -> bool:
    from ..snap import conf

    return bool(conf.qris().get("NMID"))
