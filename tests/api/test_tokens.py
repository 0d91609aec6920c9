"""Tokens as pure functions: shown once, kept as a SHA-256, found by a public prefix."""

from __future__ import annotations

import hashlib

from config.api import tokens


def test_a_new_token_is_random_and_only_its_digest_and_prefix_are_kept():
    first, second = tokens.new_token(), tokens.new_token()
    assert first.token != second.token and first.prefix != second.prefix
    assert first.token.startswith(f"ctd_{first.prefix}_")
    assert first.digest == hashlib.sha256(first.token.encode()).hexdigest()
    assert first.token not in first.digest
    # 32 random bytes in base64url: 43 characters after the prefix.
    assert len(first.token.split("_", 2)[2]) == 43


def test_prefix_of_reads_only_well_formed_tokens():
    made = tokens.new_token()
    assert tokens.prefix_of(made.token) == made.prefix
    for bad in ["", "ctd", "ctd__x", "abc_abcdefgh_x", "ctd_short_x", "ctd_abcdefgh_"]:
        assert tokens.prefix_of(bad) is None, bad


def test_matches_compares_the_whole_token():
    made = tokens.new_token()
    assert tokens.matches(made.token, made.digest)
    assert not tokens.matches(made.token + "x", made.digest)
    assert not tokens.matches(made.token[:-1], made.digest)
