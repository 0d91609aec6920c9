"""A finalised sheet's rows, rendered once per version and then read from Django's cache.

A finalised sheet is frozen by the services, so its rows (and its score history) are the same
for every reader until something changes it. The key holds everything the rendered rows depend
on: the assessment (pk, version, finalisation time), the criteria sheet (pk, version), the
year's and unit's slugs (in the links), the language and the time zone (dates), and two tokens.
What invalidates an entry:

- every change made through the services bumps the assessment's or the criteria sheet's version;
- a write outside them (the admin, a shell, a data fix) to a score, evidence, adjustment or the
  assessment replaces the assessment's token, to a criterion the criteria sheet's token
  (receivers connected in ScoringConfig.ready);
- a lost token (evicted) is drawn again, so an entry is then simply missed, never stale.

Not seen: bulk `update()`/`bulk_create` outside the services (they send no signals) and a
renamed reviewer's name in an adjustment line; entries expire after a day for those.
Only a read-only rendering is stored (nobody may edit, answer or review a finalised sheet) and
only when no adjustment still waits for an answer (that line depends on today's date).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from django.core.cache import cache
from django.utils import timezone, translation

from scoring.models import Adjustment, Assessment, CriteriaSheet, Criterion, Evidence, Score

TIMEOUT = 24 * 60 * 60
PREFIX = "scoring:sheet"


@dataclass(frozen=True)
class CachedRows:
    rows_html: str
    total_text: str
    sections_text: list[tuple[str, str]]
    score_changes: list


def _token_key(kind: str, pk: int) -> str:
    return f"{PREFIX}:token:{kind}:{pk}"


def _tokens(assessment: Assessment, sheet: CriteriaSheet) -> tuple[str, str]:
    keys = [_token_key("assessment", assessment.pk), _token_key("criteria", sheet.pk)]
    found = cache.get_many(keys)
    tokens = []
    for key in keys:
        token = found.get(key)
        if token is None:
            token = uuid.uuid4().hex
            # add(): two first readers at once keep one token between them.
            if not cache.add(key, token, None):
                token = cache.get(key) or token
        tokens.append(token)
    return tokens[0], tokens[1]


def key_for(assessment: Assessment, sheet: CriteriaSheet, year_slug: str, unit_slug: str) -> str:
    assessment_token, sheet_token = _tokens(assessment, sheet)
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
            assessment_token,
            sheet_token,
        )
    )


def get(key: str) -> CachedRows | None:
    return cache.get(key)


def put(key: str, rows: CachedRows) -> None:
    cache.set(key, rows, TIMEOUT)


def forget_assessment(assessment_id: int | None) -> None:
    if assessment_id is not None:
        cache.delete(_token_key("assessment", assessment_id))


def forget_criteria_sheet(sheet_id: int | None) -> None:
    if sheet_id is not None:
        cache.delete(_token_key("criteria", sheet_id))


# --- receivers (connected in ScoringConfig.ready) ---------------------------------------------


def _score_assessment_id(instance: Evidence | Adjustment) -> int | None:
    score = instance._state.fields_cache.get("score")  # the services pass the score itself
    if score is not None:
        return score.assessment_id
    scores = Score.objects.filter(pk=instance.score_id)
    return scores.values_list("assessment_id", flat=True).first()


def on_assessment(sender, instance: Assessment, **kwargs) -> None:
    forget_assessment(instance.pk)


def on_score(sender, instance: Score, **kwargs) -> None:
    forget_assessment(instance.assessment_id)


def on_score_child(sender, instance: Evidence | Adjustment, **kwargs) -> None:
    forget_assessment(_score_assessment_id(instance))


def on_criterion(sender, instance: Criterion, **kwargs) -> None:
    forget_criteria_sheet(instance.sheet_id)


def on_criteria_sheet(sender, instance: CriteriaSheet, **kwargs) -> None:
    forget_criteria_sheet(instance.pk)


def connect() -> None:
    from django.db.models.signals import post_delete, post_save

    for signal in (post_save, post_delete):
        signal.connect(on_assessment, sender=Assessment, dispatch_uid=f"{PREFIX}:a:{signal!r}")
        signal.connect(on_score, sender=Score, dispatch_uid=f"{PREFIX}:s:{signal!r}")
        for model in (Evidence, Adjustment):
            signal.connect(
                on_score_child, sender=model, dispatch_uid=f"{PREFIX}:{model.__name__}:{signal!r}"
            )
        signal.connect(on_criterion, sender=Criterion, dispatch_uid=f"{PREFIX}:c:{signal!r}")
        signal.connect(
            on_criteria_sheet, sender=CriteriaSheet, dispatch_uid=f"{PREFIX}:cs:{signal!r}"
        )
