"""SNAP signatures, access tokens and the encryption of banks' client secrets.

- asymmetric (access token): SHA256withRSA(bank's private key, ``clientKey + "|" + X-TIMESTAMP``),
  base64, checked with the bank's public key (PKCS#1 v1.5 padding);
- symmetric (transactions): base64(HMAC-SHA512(clientSecret, ``METHOD:relativeUrl:accessToken:
  lowercase(hex(SHA-256(minified body))):X-TIMESTAMP``));
- tokens: ``django.core.signing`` (HMAC with ``SECRET_KEY``) over the partner's id, time-stamped,
  so checking one costs no query; a deactivated partner's tokens stop working at once because
  every call loads the partner;
- client secrets: Fernet (``cryptography``), keys from ``conf.secret_keys()``.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
from datetime import datetime

from cryptography.exceptions import InvalidSignature
from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from django.core import signing

from . import conf

TOKEN_SALT = "balai.payments.snap.token"  # noqa: S105 - a salt name


def minify(body: bytes) -> bytes:
    """The body without whitespace outside JSON strings (the standard's ``minify``). Working on
    the bytes (no parse and re-dump) keeps numbers and key order exactly as the bank sent them."""
    out = bytearray()
    in_string = escaped = False
    for byte in body:
        if in_string:
            out.append(byte)
            if escaped:
                escaped = False
            elif byte == 0x5C:  # backslash
                escaped = True
            elif byte == 0x22:  # quote
                in_string = False
        elif byte in b" \t\r\n":
            continue
        else:
            out.append(byte)
            in_string = byte == 0x22
    return bytes(out)


def body_digest(body: bytes) -> str:
    return hashlib.sha256(minify(body)).hexdigest().lower()


def symmetric_string(method: str, path: str, token: str, body: bytes, timestamp: str) -> str:
    return f"{method.upper()}:{path}:{token}:{body_digest(body)}:{timestamp}"


def symmetric_signature(secret: str, method: str, path: str, token: str, body: bytes, timestamp: str) -> str:
    mac = hmac.new(secret.encode(), symmetric_string(method, path, token, body, timestamp).encode(), hashlib.sha512)
    return base64.b64encode(mac.digest()).decode()


def symmetric_ok(secret: str, signature: str, method: str, path: str, token: str, body: bytes,
                 timestamp: str) -> bool:
    expected = symmetric_signature(secret, method, path, token, body, timestamp)
    return hmac.compare_digest(expected.encode(), signature.strip().encode())


def asymmetric_string(client_key: str, timestamp: str) -> str:
    return f"{client_key}|{timestamp}"


def asymmetric_signature(private_key_pem: bytes, client_key: str, timestamp: str) -> str:
    """What a bank sends (the sandbox bank and the tests use it)."""
    key = serialization.load_pem_private_key(private_key_pem, password=None)
    assert isinstance(key, rsa.RSAPrivateKey)
    raw = key.sign(asymmetric_string(client_key, timestamp).encode(), padding.PKCS1v15(), hashes.SHA256())
    return base64.b64encode(raw).decode()


def asymmetric_ok(public_key_pem: str, signature: str, client_key: str, timestamp: str) -> bool:
    try:
        key = serialization.load_pem_public_key(public_key_pem.encode())
        raw = base64.b64decode(signature, validate=True)
    except (ValueError, binascii.Error, TypeError):
        return False
    if not isinstance(key, rsa.RSAPublicKey):
        return False
    try:
        key.verify(raw, asymmetric_string(client_key, timestamp).encode(), padding.PKCS1v15(), hashes.SHA256())
    except InvalidSignature:
        return False
    return True


def public_key_problem(pem: str) -> str:
    """Why a pasted public key cannot be used ('' if it can): an RSA key of 2048 bits or more."""
    try:
        key = serialization.load_pem_public_key(pem.strip().encode())
    except (ValueError, TypeError):
        return "not a PEM public key"
    if not isinstance(key, rsa.RSAPublicKey):
        return "not an RSA key"
    if key.key_size < 2048:
        return "an RSA key needs at least 2048 bits"
    return ""


def new_key_pair() -> tuple[bytes, str]:
    """(private key PEM, public key PEM): for the sandbox bank and the tests."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    private = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
    public = key.public_key().public_bytes(serialization.Encoding.PEM,
                                           serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    return private, public


def token_new(partner_pk: int) -> str:
    return signing.dumps({"p": partner_pk}, salt=TOKEN_SALT, compress=False)


def token_partner(token: str, *, max_age: int | None = None) -> int | None:
    """The partner's primary key, or None for a token that is forged, damaged or expired."""
    try:
        data = signing.loads(token, salt=TOKEN_SALT, max_age=conf.token_ttl() if max_age is None else max_age)
    except signing.BadSignature:  # SignatureExpired is a BadSignature
        return None
    pk = data.get("p") if isinstance(data, dict) else None
    return pk if isinstance(pk, int) else None


def _fernet() -> MultiFernet:
    return MultiFernet([Fernet(k) for k in conf.secret_keys()])


def encrypt(value: str) -> str:
    return _fernet().encrypt(value.encode()).decode()


def decrypt(value: str) -> str:
    try:
        return _fernet().decrypt(value.encode()).decode()
    except InvalidToken as exc:
        raise ValueError("client secret cannot be decrypted with the configured keys") from exc


def parse_timestamp(value: str) -> datetime | None:
    """An ISO-8601 time with an offset (``2026-03-05T10:55:00+07:00``); None otherwise."""
    try:
        parsed = datetime.fromisoformat(value.strip())
    except (ValueError, AttributeError):
        return None
    return parsed if parsed.tzinfo is not None else None
