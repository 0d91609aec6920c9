"""Access cases of the compact's digital signing pages: the unit's own staff only.

The covenant is made digital by a revision row (no seal needed to ask who may open a page);
an empty POST is a form sent without its fields, shown again to the unit's staff.
"""

import hashlib

from campaigns.models import CompactRevision, Covenant, ExternalSigning
from tests.access import Case
from tests.campaigns import helpers
from tests.personas import World

OWN_UNIT_ONLY = {"secretariat": 403, "own": 200, "other": 403, "viewer": 403, "outsider": 404}


def _digital(w: World) -> Covenant:
    covenant = helpers.covenant(w, Covenant.State.OPEN)
    CompactRevision.objects.create(
        covenant=covenant, number=0, pdf=b"%PDF-1.7", sha256=hashlib.sha256(b"%PDF-1.7").hexdigest()
    )
    return covenant


def _nam_dinh(w: World) -> list:
    _digital(w)
    return [w.cluster.slug, w.year.year, w.nam_dinh.slug]


def _prepared(w: World) -> list:
    covenant = _digital(w)
    pending = ExternalSigning.objects.create(
        covenant=covenant,
        unit=w.nam_dinh,
        base_revision=0,
        field_name=w.nam_dinh.slug,
        full_name="Đặng Văn Nam",
        title="Phó Chủ tịch UBND tỉnh",
        signed_on=helpers.SIGNING_DAY,
        pdf=b"%PDF-1.7",
        digest="00" * 32,
        reserved_start=0,
        reserved_end=0,
        prepared_by=w.own,
    )
    return [w.cluster.slug, w.year.year, w.nam_dinh.slug, pending.pk]


CASES = [
    Case("campaigns:covenant_signing_key", _nam_dinh, expect=OWN_UNIT_ONLY),
    Case("campaigns:covenant_signing_key", _nam_dinh, method="post", expect=OWN_UNIT_ONLY),
    Case("campaigns:covenant_sign_external", _nam_dinh, expect=OWN_UNIT_ONLY),
    Case("campaigns:covenant_sign_external", _nam_dinh, method="post", expect=OWN_UNIT_ONLY),
    Case("campaigns:covenant_sign_return", _prepared, expect=OWN_UNIT_ONLY),
    Case("campaigns:covenant_sign_return", _prepared, method="post", expect=OWN_UNIT_ONLY),
]
