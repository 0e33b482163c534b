"""A bank for the tests, written from the SNAP string-to-sign formulas alone — hashlib, hmac and
``cryptography`` directly, nothing from ``balai.payments.snap.crypto`` — so a mistake there
cannot hide behind the same mistake here."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import secrets
from datetime import datetime, timedelta
from functools import cache
from zoneinfo import ZoneInfo

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from django.test import Client

JAKARTA = ZoneInfo("Asia/Jakarta")
TOKEN_URL = "/v1.0/access-token/b2b"
INQUIRY_URL = "/v1.0/transfer-va/inquiry"
PAYMENT_URL = "/v1.0/transfer-va/payment"
STATUS_URL = "/v1.0/transfer-va/status"


@cache
def key_pair(name: str = "") -> tuple[rsa.RSAPrivateKey, str]:
    """One key pair per bank name (cached: generating one takes a moment)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    public = key.public_key().public_bytes(serialization.Encoding.PEM,
                                           serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    return key, public


def stamp(when: datetime | None = None) -> str:
    """``yyyy-MM-ddTHH:mm:ss+07:00``, as banks send it."""
    return (when or datetime.now(JAKARTA)).astimezone(JAKARTA).isoformat(timespec="seconds")


def rsa_sign(key: rsa.RSAPrivateKey, client_key: str, timestamp: str) -> str:
    string_to_sign = client_key + "|" + timestamp
    return base64.b64encode(key.sign(string_to_sign.encode(), padding.PKCS1v15(), hashes.SHA256())).decode()


def hmac_sign(secret: str, method: str, path: str, token: str, minified_body: str, timestamp: str) -> str:
    body_hash = hashlib.sha256(minified_body.encode()).hexdigest().lower()
    string_to_sign = ":".join([method, path, token, body_hash, timestamp])
    return base64.b64encode(hmac.new(secret.encode(), string_to_sign.encode(), hashlib.sha512).digest()).decode()


class TestBank:
    __test__ = False

    def __init__(self, partner, key, secret: str, client: Client | None = None):
        self.partner, self.key, self.secret = partner, key, secret
        self.client = client or Client()
        self.token = ""

    @classmethod
    def register(cls, *, code: str = "bankuji", partner_service_id: str = "77001", services: str = "24,25,26",
                 **extra) -> TestBank:
        from balai.payments.snap.models import SnapPartner

        key, public = key_pair(code)
        secret = secrets.token_urlsafe(24)
        partner = SnapPartner(code=code, name=f"Bank Uji {code}", partner_id=f"P-{code}", client_key=f"CK-{code}",
                              channel_ids="95221,95231", partner_service_id=partner_service_id,
                              public_key=public, service_codes=services, **extra)
        partner.set_client_secret(secret)
        partner.save()
        return cls(partner, key, secret)

    def psid(self) -> str:
        return self.partner.partner_service_id.rjust(8)

    # --- calls ---------------------------------------------------------------------------------
    def get_token(self, *, timestamp: str | None = None, signature: str | None = None, client_key: str | None = None,
                  body: dict | None = None):
        ts = timestamp or stamp()
        ck = client_key or self.partner.client_key
        headers = {"HTTP_X_TIMESTAMP": ts, "HTTP_X_CLIENT_KEY": ck,
                   "HTTP_X_SIGNATURE": signature if signature is not None else rsa_sign(self.key, ck, ts)}
        response = self.client.post(TOKEN_URL, json.dumps(body if body is not None else {"grantType": "client_credentials"}),
                                    content_type="application/json", **headers)
        if response.status_code == 200:
            self.token = response.json()["accessToken"]
        return response

    def call(self, path: str, payload: dict | str, *, external_id: str | None = None, timestamp: str | None = None,
             token: str | None = None, secret: str | None = None, partner_id: str | None = None,
             channel: str = "95221", signature: str | None = None, pretty: bool = True):
        if not self.token and token is None:
            assert self.get_token().status_code == 200
        token = self.token if token is None else token
        ts = timestamp or stamp()
        if isinstance(payload, str):
            raw, minified = payload, payload
        else:
            # sent pretty-printed (as many banks do); signed over the minified form
            raw = json.dumps(payload, indent=2) if pretty else json.dumps(payload, separators=(",", ":"))
            minified = json.dumps(payload, separators=(",", ":"))
        sig = signature if signature is not None else hmac_sign(secret or self.secret, "POST", path, token,
                                                                 minified, ts)
        headers = {"HTTP_AUTHORIZATION": f"Bearer {token}", "HTTP_X_TIMESTAMP": ts, "HTTP_X_SIGNATURE": sig,
                   "HTTP_X_PARTNER_ID": partner_id or self.partner.partner_id,
                   "HTTP_X_EXTERNAL_ID": external_id or str(secrets.randbelow(10**20)), "HTTP_CHANNEL_ID": channel}
        return self.client.post(path, raw, content_type="application/json", **headers)

    def va(self, bill_or_code) -> dict:
        code = getattr(bill_or_code, "payment_code", bill_or_code)
        return {"partnerServiceId": self.psid(), "customerNo": code, "virtualAccountNo": self.psid() + code}

    def inquiry(self, bill, **kwargs):
        return self.call(INQUIRY_URL, {**self.va(bill), "inquiryRequestId": secrets.token_hex(8),
                                       "trxDateTime": stamp()}, **kwargs)

    def pay(self, bill, *, request_id: str | None = None, amount: str | None = None, **kwargs):
        value = amount if amount is not None else f"{bill.total}.00"
        return self.call(PAYMENT_URL, {**self.va(bill), "paymentRequestId": request_id or secrets.token_hex(8),
                                       "paidAmount": {"value": value, "currency": "IDR"},
                                       "trxDateTime": stamp()}, **kwargs)

    def status(self, bill, request_id: str, **kwargs):
        return self.call(STATUS_URL, {**self.va(bill), "inquiryRequestId": secrets.token_hex(8),
                                      "paymentRequestId": request_id}, **kwargs)


def later(seconds: int) -> str:
    return stamp(datetime.now(JAKARTA) + timedelta(seconds=seconds))
