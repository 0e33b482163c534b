"""QRIS (EMVCo merchant-presented QR, dynamic) payloads for a bill, and a parser that validates one.

Written here, by hand, because no kept library in ``requirements/base.txt`` builds or checks EMVCo
TLV payloads (segno/qrcode only draw the QR). The format (REFERENCE §4.6): each field is
``ID (2 digits) + length (2 digits) + value``; ``00`` payload format "01", ``01`` point of
initiation "12" (dynamic: one amount, one bill), ``26``–``51`` merchant account information
(sub-fields: ``00`` globally unique identifier, ``01`` merchant PAN, ``02`` merchant ID, ``03``
criteria), ``51`` the national QRIS block with the NMID, ``52`` MCC, ``53`` currency "360"
(rupiah), ``54`` amount, ``58`` country "ID", ``59`` merchant name, ``60`` city, ``61`` postal
code, ``62`` additional data (sub-field ``01`` bill number = the payment code), ``63`` the
CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF) over everything before its value, "6304" included.

Merchant identifiers come from the acquiring bank (``snap/conf.py`` ``qris()``); until one is
contracted only demo mode shows a QR, with sandbox identifiers, labelled sandbox.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .snap import conf

QRIS_NATIONAL_GUI = "ID.CO.QRIS.WWW"


class QrisError(ValueError):
    """A payload that is not a valid QRIS dynamic MPM payload; the message says why."""


def crc16_ccitt_false(data: bytes) -> str:
    crc = 0xFFFF
    for byte in data:
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else crc << 1
            crc &= 0xFFFF
    return f"{crc:04X}"


def tlv(tag: str, value: str) -> str:
    if len(tag) != 2 or not tag.isdigit():
        raise QrisError(f"tag {tag!r} must be two digits")
    if not 0 < len(value) <= 99:
        raise QrisError(f"field {tag} must hold 1 to 99 characters")
    return f"{tag}{len(value):02d}{value}"


def _ascii(value: str, limit: int) -> str:
    """Names and cities: printable ASCII, upper case as the scheme prints them, cut to the limit."""
    cleaned = re.sub(r"[^ -~]", "", value).strip().upper()
    return cleaned[:limit] or "-"


def merchant_conf(*, demo: bool) -> dict[str, str] | None:
    """The configured merchant, the sandbox one in demo mode, or None (no QR offered)."""
    data = conf.qris()
    if data.get("NMID"):
        return data
    if demo:
        return {**data, **conf.SANDBOX_QRIS}
    return None


def bill_payload(*, payment_code: str, amount: int, merchant: dict[str, str]) -> str:
    """The dynamic QRIS payload of one bill: its amount and its payment code as the bill number."""
    if not isinstance(amount, int) or isinstance(amount, bool) or amount <= 0:
        raise QrisError("amount must be a positive integer (rupiah)")
    account = tlv("00", merchant["ACQUIRER_GUI"] or "ID.BALAI") + tlv("01", merchant["MERCHANT_PAN"]) \
        + tlv("02", merchant["MERCHANT_ID"]) + tlv("03", merchant["CRITERIA"])
    national = tlv("00", merchant.get("GUI") or QRIS_NATIONAL_GUI) + tlv("02", merchant["NMID"]) \
        + tlv("03", merchant["CRITERIA"])
    body = (tlv("00", "01") + tlv("01", "12") + tlv("26", account) + tlv("51", national)
            + tlv("52", merchant["MCC"]) + tlv("53", "360") + tlv("54", str(amount)) + tlv("58", "ID")
            + tlv("59", _ascii(merchant["NAME"], 25)) + tlv("60", _ascii(merchant["CITY"], 15))
            + (tlv("61", merchant["POSTAL_CODE"]) if merchant.get("POSTAL_CODE") else "")
            + tlv("62", tlv("01", payment_code)) + "6304")
    return body + crc16_ccitt_false(body.encode())


@dataclass
class Parsed:
    fields: dict[str, str]
    merchant_accounts: dict[str, dict[str, str]] = field(default_factory=dict)
    additional: dict[str, str] = field(default_factory=dict)

    @property
    def amount(self) -> int | None:
        value = self.fields.get("54")
        return int(value) if value and value.isdigit() else None

    @property
    def bill_reference(self) -> str:
        return self.additional.get("01", "")

    @property
    def dynamic(self) -> bool:
        return self.fields.get("01") == "12"

    @property
    def nmid(self) -> str:
        return self.merchant_accounts.get("51", {}).get("02", "")


def split_tlv(data: str) -> list[tuple[str, str]]:
    out, i = [], 0
    while i < len(data):
        head = data[i:i + 4]
        if len(head) < 4 or not head.isdigit():
            raise QrisError(f"bad field header at position {i}")
        tag, length = head[:2], int(head[2:])
        value = data[i + 4:i + 4 + length]
        if len(value) != length:
            raise QrisError(f"field {tag} is cut short")
        out.append((tag, value))
        i += 4 + length
    return out


def parse(payload: str) -> Parsed:
    """Check the structure, the CRC and the fields a dynamic rupiah payment needs; raise
    ``QrisError`` saying what is wrong."""
    if len(payload) < 8 or payload[-8:-4] != "6304":
        raise QrisError("the payload must end with the CRC field (6304 + 4 hex digits)")
    if crc16_ccitt_false(payload[:-4].encode()) != payload[-4:].upper():
        raise QrisError("CRC does not match")
    pairs = split_tlv(payload)
    tags = [tag for tag, _ in pairs]
    if len(set(tags)) != len(tags):
        raise QrisError("a field appears twice")
    if tags[0] != "00" or tags[-1] != "63":
        raise QrisError("the payload must start with field 00 and end with field 63")
    fields = dict(pairs)
    parsed = Parsed(fields=fields)
    for tag, value in pairs:
        if 26 <= int(tag) <= 51:
            parsed.merchant_accounts[tag] = dict(split_tlv(value))
        elif tag == "62":
            parsed.additional = dict(split_tlv(value))
    checks = [(fields.get("00") == "01", "payload format must be 01"),
              (fields.get("01") in ("11", "12"), "point of initiation must be 11 or 12"),
              (bool(parsed.merchant_accounts), "merchant account information (26-51) is missing"),
              (re.fullmatch(r"\d{4}", fields.get("52", "")) is not None, "MCC (52) must be 4 digits"),
              (fields.get("53") == "360", "currency (53) must be 360 (rupiah)"),
              (fields.get("58") == "ID", "country (58) must be ID"),
              (bool(fields.get("59")) and bool(fields.get("60")), "merchant name (59) and city (60) are required")]
    for ok, why in checks:
        if not ok:
            raise QrisError(why)
    if parsed.dynamic and (parsed.amount is None or parsed.amount <= 0):
        raise QrisError("a dynamic payload needs a whole-rupiah amount (54)")
    return parsed
