"""A finalised sheet's rows, rendered once per version and then read from Django's cache.

A finalised sheet is frozen by the services, so its rows (and its score history) are the same
for every reader until something changes it. The key holds everything the rendered rows depend
on: the assessment (pk, version, finalisation time), the criteria sheet (pk, version), the
year's and unit's slugs (in the links), the language and the time zone (dates), and the year's
data version (its newest audit event, `clusters.documents.store.data_version`, as the draft
documents' cache uses). What invalidates an entry:

- every change made through the services bumps the assessment's or the criteria sheet's version;
- every audited write of the year, the admin's included (AuditedAdmin), moves the data version.

No signal receivers: the key is computed from data, so nothing has to remember to clear it.
Not seen: a write in a shell that records no audit event; entries expire after a day for those.
Only a read-only rendering is stored (nobody may edit, answer or review a finalised sheet) and
only when no adjustment still waits for an answer (that line depends on today's date).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.cache import cache
from django.utils import timezone, translation

from clusters.documents.store import data_version
from scoring.models import Assessment, CriteriaSheet

TIMEOUT = 24 * 60 * 60
PREFIX = "scoring:sheet"


@dataclass(frozen=True)
class CachedRows:
    rows_html: str
    total_text: str
    sections_text: list[tuple[str, str]]
    score_changes: list


def key_for(assessment: Assessment, sheet: CriteriaSheet, year_slug: str, unit_slug: str) -> str:
    finalised = assessment.finalised_at.isoformat() if assessment.finalised_at else ""
    return ":".join(
        str(part)
        for part in (
            PREFIX,
            "rows",
            assessment.pk,
            assessment.version,
            finalised,
            sheet.pk,
            sheet.version,
            year_slug,
            unit_slug,
            translation.get_language() or "",
            timezone.get_current_timezone_name(),
            data_version(assessment.year_id),
        )
    )


def get(key: str) -> CachedRows | None:
    return cache.get(key)


def put(key: str, rows: CachedRows) -> None:
    cache.set(key, rows, TIMEOUT)
