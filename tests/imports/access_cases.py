"""A big recipients workbook's import page (awards/import_jobs.py): the secretariat's, as the
import itself is."""

from awards.models import RecipientImportJob
from tests.access import SECRETARIAT_ONLY, Case
from tests.awards.helpers import make_decision


def _import_job(world) -> list:
    decision = make_decision(world.year)
    job = RecipientImportJob.objects.create(decision=decision, state="done", done=3, total=3)
    return [world.cluster.slug, world.year.year, decision.pk, job.pk]


CASES = [Case("awards:recipients_import_job", _import_job, expect=SECRETARIAT_ONLY)]
