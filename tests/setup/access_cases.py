"""Access cases of the set-up pages and the password pages (tests/test_access_matrix.py).

The catalogue (units, clusters, years, accounts, Excel) is the administrator's alone; a year's
set-up is its secretariat's; the password pages are everyone's, signed in or not.
"""

from tests.access import SECRETARIAT_ONLY, Case
from tests.personas import PERSONAS, World

SIGNED_IN = [p for p in PERSONAS if p != "anonymous"]
ADMIN_ONLY = {**{p: 403 for p in SIGNED_IN}, "admin": 200}
ADMIN_WRITES = {**{p: 403 for p in SIGNED_IN}, "admin": 302}
SECRETARIAT_WRITES = {"secretariat": 302, "own": 403, "other": 403, "viewer": 403, "outsider": 404}
EVERYONE_200 = {p: 200 for p in PERSONAS}


def _year(w: World) -> list:
    return [w.cluster.slug, w.year.year]


def _year_in_setup(w: World) -> list:
    w.year.phase = "setup"
    w.year.save(update_fields=["phase"])
    return _year(w)


def _invited(w: World) -> list:
    from tests.factories import UserFactory

    person = UserFactory(username="moi", email="moi@example.vn", unit=w.nam_dinh)
    person.set_unusable_password()
    person.save()
    return [person.pk]


def _review(w: World) -> list:
    from scoring.models import ReviewAssignment

    review = ReviewAssignment.objects.create(
        year=w.year, reviewer_unit=w.nam_dinh, reviewed_unit=w.thai_binh
    )
    return [*_year(w), review.pk]


def _grant(w: World) -> list:
    return [*_year(w), w.granted.secretariat_grants.get(year=w.year).pk]


def _bad_link(w: World) -> list:
    return ["MQ", "bad-token"]


CASES = [
    Case("setup:index", expect=ADMIN_ONLY),
    Case("setup:unit_list", expect=ADMIN_ONLY),
    Case("setup:unit_add", expect=ADMIN_ONLY),
    Case(
        "setup:unit_add",
        method="post",
        data={"name": "Hà Nội", "kind": "city", "admin_code": "01"},
        expect=ADMIN_WRITES,
    ),
    Case("setup:unit_edit", lambda w: [w.nam_dinh.slug], expect=ADMIN_ONLY),
    Case(
        "setup:unit_edit",
        lambda w: [w.nam_dinh.slug],
        method="post",
        data={"name": "Nam Định", "slug": "nam-dinh", "kind": "province"},
        expect=ADMIN_WRITES,
    ),
    Case("setup:cluster_list", expect=ADMIN_ONLY),
    Case("setup:cluster_add", expect=ADMIN_ONLY),
    Case(
        "setup:cluster_add",
        method="post",
        data={"name": "Cụm thi đua năm thành phố trực thuộc Trung ương", "kind": "cum"},
        expect=ADMIN_WRITES,
    ),
    Case("setup:cluster_edit", lambda w: [w.cluster.slug], expect=ADMIN_ONLY),
    Case(
        "setup:cluster_edit",
        lambda w: [w.cluster.slug],
        method="post",
        data={"name": "Cụm Đồng bằng sông Hồng", "slug": "dong-bang-song-hong", "kind": "cum"},
        expect=ADMIN_WRITES,
    ),
    Case("setup:year_create", lambda w: [w.cluster.slug], expect=ADMIN_ONLY),
    Case(
        "setup:year_create",
        lambda w: [w.cluster.slug],
        method="post",
        data=lambda w: {
            "year": "2019",
            "members": [w.ha_nam.pk, w.nam_dinh.pk],
            "head": w.ha_nam.pk,
        },
        expect=ADMIN_WRITES,
    ),
    Case("setup:account_list", expect=ADMIN_ONLY),
    Case("setup:account_invite", expect=ADMIN_ONLY),
    Case(
        "setup:account_invite",
        method="post",
        data=lambda w: {
            "username": "moi",
            "full_name": "Người Mới",
            "email": "moi@example.vn",
            "unit": w.nam_dinh.pk,
            "role": "staff",
        },
        expect=ADMIN_WRITES,
    ),
    Case("setup:account_edit", lambda w: [w.own.pk], expect=ADMIN_ONLY),
    Case(
        "setup:account_edit",
        lambda w: [w.own.pk],
        method="post",
        data=lambda w: {"full_name": "Cán bộ Nam Định", "unit": w.nam_dinh.pk, "role": "staff"},
        expect=ADMIN_WRITES,
    ),
    Case("setup:account_deactivate", lambda w: [w.other.pk], method="post", expect=ADMIN_WRITES),
    Case("setup:account_activate", lambda w: [w.other.pk], method="post", expect=ADMIN_WRITES),
    Case("setup:invitation_resend", _invited, method="post", expect=ADMIN_WRITES),
    Case("setup:bulk_import", expect=ADMIN_ONLY),
    # Sent without a file: the form says so (the administrator's 200).
    Case("setup:bulk_import", method="post", expect=ADMIN_ONLY),
    Case("setup:bulk_export", expect=ADMIN_ONLY),
    # A year's set-up: its secretariat's.
    Case("setup:year_setup", _year, expect=SECRETARIAT_ONLY),
    Case(
        "setup:member_set",
        _year,
        method="post",
        data=lambda w: {"unit": w.thai_binh.pk, "role": "deputy"},
        expect=SECRETARIAT_WRITES,
    ),
    Case(
        "setup:member_remove",
        lambda w: [*_year_in_setup(w), w.thai_binh.slug],
        method="post",
        expect=SECRETARIAT_WRITES,
    ),
    Case(
        "setup:review_add",
        _year,
        method="post",
        data=lambda w: {"reviewer_unit": w.nam_dinh.pk, "reviewed_unit": w.thai_binh.pk},
        expect=SECRETARIAT_WRITES,
    ),
    Case("setup:review_remove", _review, method="post", expect=SECRETARIAT_WRITES),
    Case(
        "setup:grant_add",
        _year,
        method="post",
        data=lambda w: {"user": w.other.pk},
        expect=SECRETARIAT_WRITES,
    ),
    Case("setup:grant_remove", _grant, method="post", expect=SECRETARIAT_WRITES),
    Case("campaigns:campaign_add", _year, expect=SECRETARIAT_ONLY),
    Case(
        "campaigns:campaign_add",
        _year,
        method="post",
        data={"title": "Phong trào thi đua của Cụm năm 2018", "launched_by": "cluster"},
        expect=SECRETARIAT_WRITES,
    ),
    # Accounts: the links and the reset pages answer everyone the same; a bad link says so.
    Case("setup:invitation_accept", _bad_link, expect=EVERYONE_200),
    # A dead link answers its page to a POST too (the set-password form is not offered).
    Case("setup:invitation_accept", _bad_link, method="post", expect=EVERYONE_200),
    Case("setup:password_reset_confirm", _bad_link, expect=EVERYONE_200),
    Case("setup:password_reset_confirm", _bad_link, method="post", expect=EVERYONE_200),
    Case("setup:password_reset", expect=EVERYONE_200),
    Case(
        "setup:password_reset",
        method="post",
        data={"email": "khong-co@example.vn"},
        expect={p: 302 for p in PERSONAS},
    ),
    Case("setup:password_reset_done", expect=EVERYONE_200),
    Case("setup:password_change", expect={p: 200 for p in SIGNED_IN}),
    # Sent empty: the form's errors (200), nothing changed.
    Case("setup:password_change", method="post", expect={p: 200 for p in SIGNED_IN}),
]


# --- a big units-and-accounts workbook imported in the background (clusters/bulk_jobs.py) ------


def _bulk_import_job(w: World) -> list:
    """A finished job, sent by the administrator: theirs (and any administrator's) to follow."""
    from clusters.models import BulkImportJob

    job = BulkImportJob.objects.create(requested_by=w.admin, state="done", units=5, done=5, total=5)
    return [job.pk]


CASES += [
    Case(
        "setup:bulk_import_job",
        _bulk_import_job,
        expect={**{p: 404 for p in SIGNED_IN}, "admin": 200},
    ),
]

# The organising councils' set-up pages (clusters/council_setup_views.py): the administrator's.
CENTRAL_COUNCIL = "hoi-dong-thi-dua-khen-thuong-trung-uong"


def _council(w: World) -> list:
    return [CENTRAL_COUNCIL]


def _council_office(w: World) -> list:
    return [CENTRAL_COUNCIL, w.council.council_office.pk]


CASES += [
    Case("setup:council_list", expect=ADMIN_ONLY),
    Case("setup:council_add", expect=ADMIN_ONLY),
    Case(
        "setup:council_add",
        method="post",
        data=lambda w: {
            "name": "Hội đồng Thi đua - Khen thưởng tỉnh Hà Nam",
            "kind": "provincial",
            "province": w.ha_nam.pk,
        },
        expect=ADMIN_WRITES,
    ),
    Case("setup:council_edit", _council, expect=ADMIN_ONLY),
    Case(
        "setup:council_edit",
        _council,
        method="post",
        data={"name": "Hội đồng Thi đua - Khen thưởng Trung ương", "kind": "central"},
        expect=ADMIN_WRITES,
    ),
    Case("setup:council_officer_add", _council, expect=ADMIN_ONLY),
    Case(
        "setup:council_officer_add",
        _council,
        method="post",
        data=lambda w: {"user": w.own.username},
        expect=ADMIN_WRITES,
    ),
    Case("setup:council_officer_remove", _council_office, method="post", expect=ADMIN_WRITES),
    # The unit picker's searches (clusters/unit_picker.py): the catalogue's for its
    # administrator, a year's for its secretariat; GET only.
    Case("setup:unit_search", expect=ADMIN_ONLY),
    Case("setup:year_unit_search", _year, expect=SECRETARIAT_ONLY),
]
