"""Access cases of the clusters app's views (and the project-level ones: home, sign-in…)."""

from tests.access import READ_IN_CLUSTER, SECRETARIAT_ONLY, Case
from tests.personas import PERSONAS, World


def _cluster(w: World) -> list:
    return [w.cluster.slug]


def _year(w: World) -> list:
    return [w.cluster.slug, w.year.year]


def _dossier_build(w: World) -> list:
    """A finished build of the year, its ZIP stored."""
    from django.core.files.base import ContentFile

    from clusters.models import DossierBuild

    build = DossierBuild.objects.create(year=w.year, state="done", total=0)
    build.file.save("ho-so.zip", ContentFile(b"PK\x05\x06" + bytes(18)))
    return [*_year(w), build.pk]


def _ready_to_close(w: World) -> list:
    """The conference record and the award decision done: nothing blocks the closing."""
    from tests.clusters.closing_builders import record_the_conference

    record_the_conference(w.year, w.secretariat)
    return _year(w)


def _own_notice(w: World) -> list:
    """A notice to Nam Định's officer, linking to its year."""
    from clusters.models import Notification

    notice = Notification.objects.create(
        recipient=w.own, year=w.year, event="covenant_open", url=w.year.get_absolute_url()
    )
    return [notice.pk]


SIGNED_IN_200 = {p: 200 for p in PERSONAS if p != "anonymous"}

CASES = [
    # Everyone's page of work ("Việc của tôi"), their current year and their clusters.
    Case("home", expect=SIGNED_IN_200),
    Case("healthz", expect={p: 200 for p in PERSONAS}),
    # The public verification page: anyone, signed in or not (an empty upload is refused inside
    # the form).
    Case("verify", expect={p: 200 for p in PERSONAS}),
    Case("verify", method="post", expect={p: 200 for p in PERSONAS}),
    Case("login", expect={**{p: 302 for p in PERSONAS}, "anonymous": 200}),
    Case("logout", method="post", expect={p: 302 for p in PERSONAS}),
    # Two-factor sign-in (tests/auth). The code step answers only a pending sign-in (password
    # accepted): without one it sends everyone to the sign-in page.
    Case("two_factor_verify", expect={p: 302 for p in PERSONAS}),
    Case("two_factor_verify", method="post", expect={p: 302 for p in PERSONAS}),
    # Everyone's own "Bảo mật đăng nhập" page. The administrator persona has set up its app
    # (tests/auth/sessions.py), so set-up sends it back to the page; a code sent empty is
    # refused inside the form.
    Case("two_factor", expect=SIGNED_IN_200),
    Case("two_factor_setup", expect={**SIGNED_IN_200, "admin": 302}),
    Case("two_factor_setup", method="post", expect={**SIGNED_IN_200, "admin": 302}),
    Case("two_factor_remove", method="post", expect=SIGNED_IN_200),
    Case("two_factor_renew_codes", method="post", expect=SIGNED_IN_200),
    Case("set_language", method="post", data={"language": "en"}, expect={p: 302 for p in PERSONAS}),
    Case("clusters:cluster_detail", _cluster, expect=READ_IN_CLUSTER),
    Case("clusters:year_detail", _year, expect=READ_IN_CLUSTER),
    Case(
        "clusters:year_edit",
        _year,
        expect=SECRETARIAT_ONLY,
    ),
    Case(
        "clusters:year_edit",
        _year,
        method="post",
        data={"conference_place": "Hà Nam"},
        expect={"secretariat": 302, "own": 403, "other": 403, "viewer": 403, "outsider": 404},
    ),
    Case(
        "clusters:representative_edit",
        lambda w: [*_year(w), w.nam_dinh.slug],
        expect={"secretariat": 200, "own": 200, "other": 403, "viewer": 403, "outsider": 404},
    ),
    Case(
        "clusters:representative_edit",
        lambda w: [*_year(w), w.ha_nam.slug],
        method="post",
        data={"full_name": "Nguyễn Văn A", "title": "Phó Chủ tịch UBND tỉnh"},
        expect={"secretariat": 302, "own": 403, "other": 403, "viewer": 403, "outsider": 404},
    ),
    # The year's timeline and its phase moves: the secretariat's, while the year is open.
    Case("clusters:year_timeline", _year, expect=SECRETARIAT_ONLY),
    Case(
        "clusters:year_timeline",
        _year,
        method="post",
        data={"answer_days": "7", "in_progress_opens_on": "12/03/2018"},
        expect={"secretariat": 302, "own": 403, "other": 403, "viewer": 403, "outsider": 404},
    ),
    Case("clusters:year_phase", _year, expect=SECRETARIAT_ONLY),
    Case(
        "clusters:year_phase",
        _year,
        method="post",
        data={"to_phase": "self_assessment", "confirm": "on"},
        expect={"secretariat": 302, "own": 403, "other": 403, "viewer": 403, "outsider": 404},
    ),
    Case("clusters:year_close", _year, expect=SECRETARIAT_ONLY),
    Case(
        "clusters:year_close",
        _ready_to_close,
        method="post",
        expect={"secretariat": 302, "own": 403, "other": 403, "viewer": 403, "outsider": 404},
    ),
    Case("clusters:unit_detail", lambda w: [w.nam_dinh.slug], expect=READ_IN_CLUSTER),
    # The year's dossier is the cluster's record of the year: whoever reads the year reads it.
    Case("year_dossier", _year, expect=READ_IN_CLUSTER),
    # …and may ask for it to be built (in the background; a build under way is reused).
    Case(
        "year_dossier",
        _year,
        method="post",
        expect={"secretariat": 302, "own": 302, "other": 302, "viewer": 302, "outsider": 404},
    ),
    Case("year_dossier_download", _dossier_build, expect=READ_IN_CLUSTER),
    # The year's activity log is the secretariat's; the installation's, the administrator's.
    Case("clusters:year_activity", _year, expect=SECRETARIAT_ONLY),
    Case(
        "clusters:activity",
        expect={**{p: 403 for p in PERSONAS if p != "anonymous"}, "admin": 200},
    ),
    # Notices are each person's own: the list and the e-mail setting for everyone signed in; a
    # notice opens only for its recipient (anyone else's does not exist for them).
    Case("clusters:notices", expect=SIGNED_IN_200),
    Case(
        "clusters:notice_open",
        _own_notice,
        method="post",
        expect={**{p: 404 for p in PERSONAS if p != "anonymous"}, "own": 302},
    ),
    Case(
        "clusters:notices_read_all",
        method="post",
        expect={p: 302 for p in PERSONAS if p != "anonymous"},
    ),
    Case("clusters:notice_settings", expect=SIGNED_IN_200),
    Case(
        "clusters:notice_settings",
        method="post",
        data={"email_notifications": "on"},
        expect={p: 302 for p in PERSONAS if p != "anonymous"},
    ),
]
