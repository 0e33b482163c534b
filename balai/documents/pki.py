"""Development PKI for the embedded default: a local CA and a signer certificate (ECDSA P-256).

``balai init_signing`` calls ``ensure_dev_pki``. It is idempotent: existing, matching, unexpired
files are kept, so documents signed earlier keep validating against the same CA. The CA key is
only needed to make the signer certificate; production replaces all of this with certificates
from BSrE (see signers/bsre.py), configured through DOCUMENT_SIGNING_* settings.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.types import (
    CertificateIssuerPrivateKeyTypes,
    CertificateIssuerPublicKeyTypes,
)
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

CA_DAYS = 3650
SIGNER_DAYS = 825
RENEW_BEFORE = dt.timedelta(days=30)
# id-kp-documentSigning (RFC 9336): the purpose of this key, next to emailProtection which older
# PDF readers look for.
DOCUMENT_SIGNING_EKU = x509.ObjectIdentifier("1.3.6.1.5.5.7.3.36")


@dataclass(frozen=True)
class DevPki:
    directory: Path
    created: bool

    @property
    def ca_cert(self) -> Path:
        return self.directory / "ca.cert.pem"

    @property
    def ca_key(self) -> Path:
        return self.directory / "ca.key.pem"

    @property
    def signer_cert(self) -> Path:
        return self.directory / "signer.cert.pem"

    @property
    def signer_key(self) -> Path:
        return self.directory / "signer.key.pem"


def _name(common_name: str) -> x509.Name:
    return x509.Name([
        x509.NameAttribute(NameOID.COUNTRY_NAME, "ID"),
        x509.NameAttribute(NameOID.STATE_OR_PROVINCE_NAME, "Jawa Timur"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Balai (pengembangan, bukan BSrE)"),
        x509.NameAttribute(NameOID.COMMON_NAME, common_name),
    ])


def _write(path: Path, data: bytes, *, secret: bool) -> None:
    tmp = path.with_suffix(path.suffix + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600 if secret else 0o644)
    with os.fdopen(fd, "wb") as handle:
        handle.write(data)
    os.replace(tmp, path)


def _key_pem(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())


def _usable(pki: DevPki, now: dt.datetime) -> bool:
    paths = (pki.ca_cert, pki.signer_cert, pki.signer_key)
    if not all(p.exists() for p in paths):
        return False
    try:
        ca = x509.load_pem_x509_certificate(pki.ca_cert.read_bytes())
        cert = x509.load_pem_x509_certificate(pki.signer_cert.read_bytes())
        key = serialization.load_pem_private_key(pki.signer_key.read_bytes(), password=None)
        cert.verify_directly_issued_by(ca)
    except (ValueError, TypeError, InvalidSignature):
        return False
    same_key = key.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo) \
        == cert.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    return same_key and cert.not_valid_after_utc - now > RENEW_BEFORE and ca.not_valid_after_utc > now


def ensure_dev_pki(directory: Path | str, *, force: bool = False,
                   signer_name: str = "Balai Jatim — penanda tangan pengembangan") -> DevPki:
    """Create (or keep) ``ca.key.pem``, ``ca.cert.pem``, ``signer.key.pem``, ``signer.cert.pem``."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    pki = DevPki(directory, created=False)
    now = dt.datetime.now(dt.UTC)
    if not force and _usable(pki, now):
        return pki

    ca_key: CertificateIssuerPrivateKeyTypes | None = None
    if not force and pki.ca_key.exists() and pki.ca_cert.exists():
        # Keep an existing CA (earlier documents chain to it); only the signer is renewed.
        try:
            # the CA key on disk is one this function wrote (EC P-256)
            ca_key = cast(CertificateIssuerPrivateKeyTypes,
                          serialization.load_pem_private_key(pki.ca_key.read_bytes(), password=None))
            ca_cert = x509.load_pem_x509_certificate(pki.ca_cert.read_bytes())
            if ca_cert.not_valid_after_utc <= now + RENEW_BEFORE:
                ca_key = None
        except (ValueError, TypeError):
            ca_key = None
    if ca_key is None:
        ca_key = ec.generate_private_key(ec.SECP256R1())
        ca_name = _name("Balai Jatim Development CA")
        ca_cert = (
            x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name)
            .public_key(ca_key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(minutes=5)).not_valid_after(now + dt.timedelta(days=CA_DAYS))
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=False, content_commitment=False, key_encipherment=False,
                                         data_encipherment=False, key_agreement=False, key_cert_sign=True,
                                         crl_sign=True, encipher_only=False, decipher_only=False), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), critical=False)
            .sign(ca_key, hashes.SHA256())
        )
        _write(pki.ca_key, _key_pem(ca_key), secret=True)
        _write(pki.ca_cert, ca_cert.public_bytes(serialization.Encoding.PEM), secret=False)

    signer_key = ec.generate_private_key(ec.SECP256R1())
    signer_cert = (
        x509.CertificateBuilder().subject_name(_name(signer_name)).issuer_name(ca_cert.subject)
        .public_key(signer_key.public_key()).serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5)).not_valid_after(now + dt.timedelta(days=SIGNER_DAYS))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True, key_encipherment=False,
                                     data_encipherment=False, key_agreement=False, key_cert_sign=False,
                                     crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.ExtendedKeyUsage([DOCUMENT_SIGNING_EKU, ExtendedKeyUsageOID.EMAIL_PROTECTION]),
                       critical=False)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(signer_key.public_key()), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(  # the CA's EC key, as above
            cast(CertificateIssuerPublicKeyTypes, ca_cert.public_key())), critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    _write(pki.signer_key, _key_pem(signer_key), secret=True)
    _write(pki.signer_cert, signer_cert.public_bytes(serialization.Encoding.PEM), secret=False)
    return DevPki(directory, created=True)
