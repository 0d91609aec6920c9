"""Receipt codes and the bulletin of a closed round: pure functions, no database.

A unit casting a ballot online gets a receipt code once; the ballot box keeps only the code's
digest, bound to the round (`receipt_digest`). When the round closes the bulletin lists every
ballot's choices with its digest, sorted by digest, and the tally counted from those lines. Its
canonical form (`canonical_bytes`) is what the download serves, byte for byte, so the SHA-256
printed in the minutes is `sha256sum` of the downloaded file.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

FORMAT = "cum-thi-dua/bang-ket-qua-bo-phieu/1"
# Crockford's base32: no I, L, O, U, so a code read aloud or typed is not misread.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 20  # 100 bits: unguessable, short enough to copy by hand
GROUP = 5
_READ_AS = {"O": "0", "I": "1", "L": "1"}


def new_receipt_code() -> str:
    """A fresh code, as stored nowhere: 20 symbols of Crockford's base32."""
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def grouped(code: str) -> str:
    """The code in groups of five for reading aloud: "7KQ2M-XP9DA-…"."""
    return "-".join(code[i : i + GROUP] for i in range(0, len(code), GROUP))


def normalise_code(text: str) -> str | None:
    """The code typed by a person (any case, spaces or hyphens, O for 0), or None if not one."""
    code = "".join(_READ_AS.get(ch, ch) for ch in text.upper() if ch not in " -\t\r\n")
    if len(code) != CODE_LENGTH or any(ch not in ALPHABET for ch in code):
        return None
    return code


def receipt_digest(round_id: int, code: str) -> str:
    """SHA-256 (hex) of "<round id>:<code>": a code matches its own round's bulletin only."""
    return hashlib.sha256(f"{round_id}:{code}".encode("ascii")).hexdigest()


@dataclass(frozen=True)
class CandidateLine:
    id: int
    unit: str


@dataclass(frozen=True)
class BallotLine:
    receipt_digest: str
    choices: tuple[int, ...]


def count(candidate_ids: Sequence[int], ballots: Iterable[Sequence[int]]) -> tuple[dict, int, int]:
    """(votes per candidate id, ballots, blank ballots) counted from the ballots' choices."""
    votes: Counter[int] = Counter()
    cast = blank = 0
    for choices in ballots:
        cast += 1
        blank += not choices
        votes.update(choices)
    return {key: votes[key] for key in candidate_ids}, cast, blank


def build(
    *,
    cluster: str,
    year: int,
    round_id: int,
    kind: str,
    kind_label: str,
    seats: int,
    members: int,
    votes_needed: int,
    candidates: Sequence[CandidateLine],
    ballots: Iterable[BallotLine],
    elected: Iterable[int],
) -> dict[str, Any]:
    """The bulletin as data: ballots sorted by digest, the tally counted from them."""
    lines = sorted(ballots, key=lambda line: line.receipt_digest)
    ids = [c.id for c in candidates]
    votes, cast, blank = count(ids, (line.choices for line in lines))
    chosen = set(elected)
    return {
        "format": FORMAT,
        "cluster": cluster,
        "year": year,
        "round": round_id,
        "kind": kind,
        "kind_label": kind_label,
        "seats": seats,
        "members": members,
        "votes_needed": votes_needed,
        "candidates": [{"id": c.id, "unit": c.unit} for c in candidates],
        "ballots": [
            {"receipt_digest": line.receipt_digest, "choices": sorted(line.choices)}
            for line in lines
        ],
        "tally": {
            "ballots": cast,
            "blank": blank,
            "votes": [
                {"candidate": c.id, "unit": c.unit, "votes": votes[c.id], "elected": c.id in chosen}
                for c in candidates
            ],
        },
    }


def canonical_bytes(bulletin: dict[str, Any]) -> bytes:
    """UTF-8 JSON, keys sorted, no spaces, no final newline: the download, byte for byte."""
    text = json.dumps(bulletin, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.encode("utf-8")


def sha256(bulletin: dict[str, Any]) -> str:
    return hashlib.sha256(canonical_bytes(bulletin)).hexdigest()
