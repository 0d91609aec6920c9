"""A demo PKI for the demo and the tests: a root CA plainly named as a demo, one certificate per
unit and the installation's seal, made with `cryptography`. Never used in production: a real
installation configures the roots of VGCA (Ban Cơ yếu Chính phủ) or a licensed public CA and its
own seal certificate (README, "Chữ ký số").

`make_demo_pki` writes the files under var/demo-pki/ (not committed): root.pem (the trust root
to list in SIGNING_TRUST_ROOTS), seal.p12 (SIGNING_PKCS12_PATH) and <unit-slug>.p12, all
PKCS#12 under one demo password.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from clusters.documents import signature_words

DEMO_ORGANISATION = signature_words.DEMO_ORGANISATION
ROOT_NAME = signature_words.DEMO_ROOT_NAME
SEAL_NAME = signature_words.DEMO_SEAL_NAME

# Not a secret: it opens only the demo's own keys, which production refuses.
DEMO_PASSWORD = "demo-pki"  # nosec B105
KEY_BITS = 2048  # RSA like the VGCA tokens; 2048 keeps the tests fast
ROOT_YEARS = 20
LEAF_YEARS = 10


@dataclass(frozen=True)
class Issued:
    """A certificate and its private key."""

    certificate: x509.Certificate
    key: rsa.RSAPrivateKey

    @property
    def pem(self) -> bytes:
        return self.certificate.public_bytes(serialization.Encoding.PEM)


def new_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=KEY_BITS)


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, DEMO_ORGANISATION),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def make_root(*, now: dt.datetime | None = None, name: str = ROOT_NAME) -> Issued:
    now = now or dt.datetime.now(dt.UTC)
    key = new_key()
    subject = _name(name)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=365 * ROOT_YEARS))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA256())
    )
    return Issued(certificate, key)


def issue(
    root: Issued,
    common_name: str,
    *,
    not_before: dt.datetime | None = None,
    not_after: dt.datetime | None = None,
    key: rsa.RSAPrivateKey | None = None,
    time_stamping: bool = False,
) -> Issued:
    """A signing certificate for `common_name` (a unit, the seal) issued by `root`."""
    now = dt.datetime.now(dt.UTC)
    key = key or new_key()
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(common_name))
        .issuer_name(root.certificate.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(not_before or now - dt.timedelta(days=1))
        .not_valid_after(not_after or now + dt.timedelta(days=365 * LEAF_YEARS))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=not time_stamping,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(root.key.public_key()),
            critical=False,
        )
    )
    if time_stamping:
        builder = builder.add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True
        )
    return Issued(builder.sign(root.key, hashes.SHA256()), key)


def to_pkcs12(issued: Issued, root: Issued, *, password: str, name: str = "") -> bytes:
    return pkcs12.serialize_key_and_certificates(
        (name or "signing").encode(),
        issued.key,
        issued.certificate,
        [root.certificate],
        serialization.BestAvailableEncryption(password.encode()),
    )


@dataclass(frozen=True)
class Written:
    root: Path
    seal: Path
    units: dict[str, Path]


def write(
    directory: Path,
    units: Iterable[tuple[str, str]],
    *,
    password: str = DEMO_PASSWORD,
) -> Written:
    """Write a fresh demo PKI into `directory`: units are (slug, name) pairs."""
    directory.mkdir(parents=True, exist_ok=True)
    root = make_root()
    root_path = directory / "root.pem"
    root_path.write_bytes(root.pem)
    seal_path = directory / "seal.p12"
    seal_path.write_bytes(to_pkcs12(issue(root, SEAL_NAME), root, password=password, name="seal"))
    written: dict[str, Path] = {}
    for slug, name in units:
        path = directory / f"{slug}.p12"
        path.write_bytes(to_pkcs12(issue(root, name), root, password=password, name=slug))
        written[slug] = path
    for path in [seal_path, *written.values()]:
        path.chmod(0o600)
    return Written(root=root_path, seal=seal_path, units=written)
