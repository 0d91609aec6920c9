"""API tokens: made once, shown once, kept as a SHA-256 (pure functions, no database).

A token reads `ctd_<prefix>_<secret>`: the prefix (8 random characters, public, stored) finds
the client's row; the secret is 32 random bytes (base64url). Only the SHA-256 of the whole token
is stored, so neither a copy of the database nor a log line holding the prefix can call the
API; a random 256-bit secret needs no slow hash (there is nothing to guess from a dictionary).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass

SCHEME = "ctd"
PREFIX_LENGTH = 8
_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789"  # no 0/o, 1/l: a prefix is read aloud


@dataclass(frozen=True)
class NewToken:
    token: str  # shown to the administrator once, never stored
    prefix: str
    digest: str


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_token() -> NewToken:
    prefix = "".join(secrets.choice(_ALPHABET) for _ in range(PREFIX_LENGTH))
    token = f"{SCHEME}_{prefix}_{secrets.token_urlsafe(32)}"
    return NewToken(token=token, prefix=prefix, digest=digest(token))


def prefix_of(token: str) -> str | None:
    """The public prefix of a well-formed token, else None."""
    parts = token.split("_", 2)
    if len(parts) != 3 or parts[0] != SCHEME or len(parts[1]) != PREFIX_LENGTH or not parts[2]:
        return None
    return parts[1]


def matches(token: str, stored_digest: str) -> bool:
    return hmac.compare_digest(digest(token), stored_digest)
