#!/usr/bin/env python3
"""Recount a ballot round's bulletin downloaded from the app (bang-ket-qua-….json).

Standard library only, so anyone can run it on a copy of the file, away from the app:

    python3 scripts/recount_bulletin.py bang-ket-qua-2018-flag-12.json [--sha256 <hex>]
    python3 scripts/recount_bulletin.py bang-ket-qua-2018-flag-12.json --code 7KQ2M-XP9DA-…

It prints the file's SHA-256 (compare it with the one printed in the minutes, or pass it with
--sha256), counts every ballot's choices, and compares the count with the tally the bulletin
publishes. With --code it also looks for a unit's receipt. Exit status 0 when everything
matches, 1 otherwise.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections import Counter

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford's base32, as the app's codes
READ_AS = {"O": "0", "I": "1", "L": "1"}


def count(bulletin: dict) -> tuple[Counter[int], int]:
    """(votes per candidate id, blank ballots) counted from the bulletin's ballot lines."""
    votes: Counter[int] = Counter()
    blank = 0
    for line in bulletin["ballots"]:
        blank += not line["choices"]
        votes.update(line["choices"])
    return votes, blank


def recount(bulletin: dict, votes: Counter[int], blank: int) -> list[str]:
    """The differences between the ballots, counted, and the published tally (empty: agree)."""
    problems = []
    lines = bulletin["ballots"]
    candidates = {c["id"] for c in bulletin["candidates"]}
    digests = [line["receipt_digest"] for line in lines]
    if digests != sorted(digests) or len(set(digests)) != len(digests):
        problems.append("ballots are not sorted by digest, or a digest appears twice")
    for line in lines:
        chosen = line["choices"]
        if len(set(chosen)) != len(chosen) or not set(chosen) <= candidates:
            problems.append(f"ballot {line['receipt_digest']}: choices {chosen} are not valid")
        if len(chosen) > bulletin["seats"]:
            problems.append(f"ballot {line['receipt_digest']}: more choices than seats")
    tally = bulletin["tally"]
    if tally["ballots"] != len(lines):
        problems.append(f"{len(lines)} ballots listed, the tally says {tally['ballots']}")
    if tally["blank"] != blank:
        problems.append(f"{blank} blank ballots listed, the tally says {tally['blank']}")
    for row in tally["votes"]:
        if votes[row["candidate"]] != row["votes"]:
            problems.append(
                f"{row['unit']}: {votes[row['candidate']]} votes counted, "
                f"the tally says {row['votes']}"
            )
    return problems


def receipt_digest(round_id: int, typed: str) -> str:
    code = "".join(READ_AS.get(ch, ch) for ch in typed.upper() if ch not in " -")
    if len(code) != 20 or any(ch not in ALPHABET for ch in code):
        raise SystemExit("not a receipt code: 20 letters and digits, e.g. 7KQ2M-XP9DA-3B8HW-Z4N6R")
    return hashlib.sha256(f"{round_id}:{code}".encode("ascii")).hexdigest()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bulletin", help="the downloaded JSON file")
    parser.add_argument("--sha256", help="the SHA-256 printed in the minutes")
    parser.add_argument("--code", help="a unit's receipt code, to look for its ballot")
    args = parser.parse_args(argv)
    with open(args.bulletin, "rb") as handle:
        content = handle.read()
    digest = hashlib.sha256(content).hexdigest()
    bulletin = json.loads(content)
    print(f"SHA-256 {digest}")
    votes, blank = count(bulletin)
    problems = recount(bulletin, votes, blank)
    if args.sha256 and args.sha256.strip().lower() != digest:
        problems.append(f"the file's SHA-256 is not {args.sha256}")
    names = {c["id"]: c["unit"] for c in bulletin["candidates"]}
    print(f"{bulletin['kind_label']} ({bulletin['year']}): {len(bulletin['ballots'])} ballots")
    for key, name in names.items():
        print(f"  {votes[key]:4d}  {name}")
    print(f"  {blank:4d}  (blank)")
    if args.code:
        wanted = receipt_digest(bulletin["round"], args.code)
        line = next((x for x in bulletin["ballots"] if x["receipt_digest"] == wanted), None)
        if line is None:
            problems.append("the receipt code is not in this bulletin")
        else:
            chosen = ", ".join(names[key] for key in line["choices"]) or "(blank)"
            print(f"receipt found: {chosen}")
    for problem in problems:
        print(f"MISMATCH: {problem}", file=sys.stderr)
    print("recount matches the published tally" if not problems else "recount DOES NOT match")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
