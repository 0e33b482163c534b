"""QRIS payloads: the CRC against the CRC-16/CCITT-FALSE check value, a bill's payload round trip,
and the parser refusing what a scanner would refuse."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from balai.payments.qris import QrisError, bill_payload, crc16_ccitt_false, merchant_conf, parse, tlv

MERCHANT = {"GUI": "ID.CO.QRIS.WWW", "ACQUIRER_GUI": "ID.CO.BANKJATIM.WWW", "MERCHANT_PAN": "936001140000000012",
            "MERCHANT_ID": "BPDJATIM01", "NMID": "ID1020012345678", "MCC": "9311", "CRITERIA": "UBE",
            "NAME": "Bapenda Jatim", "CITY": "Surabaya", "POSTAL_CODE": "60271"}


def test_crc_check_value():
    # the catalogue check value of CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF): "123456789" → 29B1
    assert crc16_ccitt_false(b"123456789") == "29B1"
    assert crc16_ccitt_false(b"") == "FFFF"


def test_bill_payload_fields():
    payload = bill_payload(payment_code="351234567890123", amount=260_000, merchant=MERCHANT)
    assert payload.startswith("000201010212")  # format 01, dynamic
    assert "5303360" in payload and "5406260000" in payload and "5802ID" in payload
    assert "5913BAPENDA JATIM" in payload and "6008SURABAYA" in payload
    parsed = parse(payload)
    assert parsed.dynamic and parsed.amount == 260_000 and parsed.bill_reference == "351234567890123"
    assert parsed.nmid == "ID1020012345678"
    assert parsed.merchant_accounts["26"]["00"] == "ID.CO.BANKJATIM.WWW"
    assert payload[-8:-4] == "6304" and crc16_ccitt_false(payload[:-4].encode()) == payload[-4:]


@pytest.mark.parametrize("mutate, why", [
    (lambda p: p[:-1] + ("0" if p[-1] != "0" else "1"), "CRC"),
    (lambda p: p.replace("5303360", "5303840"), "CRC"),  # any change breaks the CRC first
    (lambda p: p[:-8], "CRC field"),
])
def test_parser_refuses_damaged_payloads(mutate, why):
    payload = bill_payload(payment_code="351234567890123", amount=260_000, merchant=MERCHANT)
    with pytest.raises(QrisError, match=why):
        parse(mutate(payload))


def _with_crc(body: str) -> str:
    body += "6304"
    return body + crc16_ccitt_false(body.encode())


def test_parser_refuses_wrong_currency_country_and_missing_amount():
    base = tlv("00", "01") + tlv("01", "12") + tlv("26", tlv("00", "ID.X")) + tlv("52", "9311")
    tail = tlv("59", "A") + tlv("60", "B")
    with pytest.raises(QrisError, match="currency"):
        parse(_with_crc(base + tlv("53", "840") + tlv("54", "5") + tlv("58", "ID") + tail))
    with pytest.raises(QrisError, match="country"):
        parse(_with_crc(base + tlv("53", "360") + tlv("54", "5") + tlv("58", "SG") + tail))
    with pytest.raises(QrisError, match="amount"):
        parse(_with_crc(base + tlv("53", "360") + tlv("58", "ID") + tail))
    with pytest.raises(QrisError, match="cut short"):
        parse(_with_crc(base + "5320360"))


@given(code=st.from_regex(r"[0-9]{15}", fullmatch=True), amount=st.integers(min_value=1, max_value=10**12),
       name=st.text(min_size=1, max_size=40), city=st.text(min_size=1, max_size=30))
def test_every_bill_payload_parses_back(code, amount, name, city):
    payload = bill_payload(payment_code=code, amount=amount, merchant={**MERCHANT, "NAME": name, "CITY": city})
    parsed = parse(payload)
    assert (parsed.amount, parsed.bill_reference) == (amount, code)
    assert payload.isascii()


def test_no_qr_without_an_acquirer_outside_demo_mode(settings):
    settings.PAYMENTS_QRIS = {"NMID": ""}
    assert merchant_conf(demo=False) is None
    assert merchant_conf(demo=True)["NMID"].startswith("ID0000SANDBOX")
    settings.PAYMENTS_QRIS = MERCHANT
    assert merchant_conf(demo=False)["NMID"] == "ID1020012345678"
