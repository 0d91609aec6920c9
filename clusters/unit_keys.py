"""A unit's PKCS#12 kept by the app, encrypted, and opened only with its password.

The file is wrapped in a Fernet token (AES-128-CBC with HMAC-SHA256) whose key is derived with
scrypt from the PKCS#12's own password, a random salt of the row and SECRET_KEY. Why this way:
- the password is the one the officer already holds for the certificate, never stored: the app
  cannot sign for the unit unless someone of the unit types it at signing time;
- SECRET_KEY in the derivation means a copy of the database alone (a backup) does not allow
  guessing the password offline; the server's settings alone hold no key either;
- the unit's password, not an officer's account password: the key is the unit's, several
  officers may sign for it, and an administrator who resets an account gains nothing.
Rotating SECRET_KEY makes stored keys unreadable: the officer uploads the file again.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt
from django.conf import settings

SALT_BYTES = 16
# scrypt's cost: about 50 ms and 16 MB per unlock, paid once per signature.
SCRYPT_N = 2**14
SCRYPT_R = 8
SCRYPT_P = 1


class WrongPassword(Exception):
    pass


def _key(password: str, salt: bytes) -> bytes:
    pepper = hmac.new(settings.SECRET_KEY.encode(), salt, hashlib.sha256).digest()
    raw = Scrypt(salt=salt + pepper, length=32, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P).derive(
        password.encode()
    )
    return base64.urlsafe_b64encode(raw)


def seal(data: bytes, password: str) -> tuple[bytes, bytes]:
    """(token, salt): `data` encrypted under a key from `password`, the salt and SECRET_KEY."""
    salt = os.urandom(SALT_BYTES)
    return Fernet(_key(password, salt)).encrypt(data), salt


def unseal(token: bytes, salt: bytes, password: str) -> bytes:
    """The data back; WrongPassword when the password (or SECRET_KEY) is not the one used."""
    try:
        return Fernet(_key(password, bytes(salt))).decrypt(bytes(token))
    except InvalidToken as error:
        raise WrongPassword from error
