"""Plugin point for the national CA: BSrE (Balai Besar Sertifikasi Elektronik, BSSN).

REFERENCE §7.4: documents the platform itself signs (receipts, decisions of provincial units)
should carry a certified signature from BSrE or the provincial TTE service built on it; Adminduk
documents are signed by the kab/kota Disdukcapil. This class is the place for that integration.
It is deliberately not faked: choosing it without the integration fails loudly.

What a working implementation needs (none of it is available to this project yet):
1. An agreement with BSrE/BSSN (through Diskominfo Jatim) and access to its signing service API
   (BSrE "TTE" / esign client service): base URL, client credentials, network route from the
   workers.
2. Per signing official: a BSrE certificate enrolled for that official (NIK + NIP), and a way for
   the official to authorise each signature (passphrase/TOTP per request or a delegated,
   audited batch authorisation) — the private key never leaves BSrE.
3. The BSrE root and intermediate CA certificates, set in DOCUMENT_TRUST_ROOTS and
   DOCUMENT_SIGNING_CHAIN so uploads validate (verification.py reads the roots from settings), plus a reachable timestamp authority (PAdES B-T)
   and revocation information (OCSP/CRL) for long-term validation.
4. ``sign()`` then posts the rendered PDF (or its hash, for a detached CMS embedded with pyHanko's
   external-signer support) and returns the signed PDF.
"""

from __future__ import annotations

from .base import DocumentSigner, NotConfigured, SignRequest, SignResult

MESSAGE = (
    "The BSrE signer is a plugin point only: Balai has no BSrE signing-service credentials, official "
    "certificates or BSrE trust roots configured. Set DOCUMENT_SIGNER=local (the default, with "
    "`balai init_signing`) or implement balai/documents/signers/bsre.py as its docstring describes."
)


class BsreSigner(DocumentSigner):
    name = "bsre"

    def __init__(self, **_settings):
        raise NotConfigured(MESSAGE)

    def sign(self, pdf: bytes, request: SignRequest) -> SignResult:  # pragma: no cover - unreachable
        raise NotConfigured(MESSAGE)
