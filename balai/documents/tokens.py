"""Verification tokens printed in each document's QR code: ``<id in base 36>.<truncated HMAC>``.

Stateless (like django.contrib.auth.tokens) but deliberately without a timestamp or status in the
MAC input: the token is on paper for decades and must keep answering "valid", "superseded" or
"revoked" for the same document. 96 bits of HMAC-SHA256 make guessing a valid token for any id
hopeless, while the QR stays small (version 5–6 for the whole URL). The key is
``DOCUMENT_TOKEN_KEY``, kept apart from SECRET_KEY so rotating the latter breaks no printout.
"""

from __future__ import annotations

import base64
import hashlib
import hmac

from django.conf import settings

_MAC_BYTES = 12  # 96 bits → 16 base64url characters
_ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz"


def _b36(n: int) -> str:
    digits = ""
    while True:
        n, r = divmod(n, 36)
        digits = _ALPHABET[r] + digits
        if n == 0:
            return digits


def _mac(document_id: int) -> str:
    digest = hmac.new(settings.DOCUMENT_TOKEN_KEY.encode(), f"balai.documents.verify:{document_id}".encode(),
                      hashlib.sha256).digest()[:_MAC_BYTES]
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")


def make_token(document_id: int) -> str:
    return f"{_b36(document_id)}.{_mac(document_id)}"


def parse_token(token: str) -> int | None:
    """The document id of a genuine token, else None (never says which part was wrong)."""
    if not isinstance(token, str) or len(token) > 40 or token.count(".") != 1:
        return None
    id_part, mac = token.split(".")
    if not id_part or len(id_part) > 13 or any(ch not in _ALPHABET for ch in id_part):
        return None
    document_id = int(id_part, 36)
    if document_id <= 0 or id_part != _b36(document_id):  # one canonical spelling per id
        return None
    return document_id if hmac.compare_digest(mac, _mac(document_id)) else None
