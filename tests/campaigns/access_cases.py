"""Access cases of the campaigns app's views."""

from campaigns.models import Covenant
from tests.access import READ_IN_CLUSTER, SECRETARIAT_ONLY, Case
from tests.campaigns import helpers
from tests.personas import World

EVERYONE_SIGNED_IN = {p: 200 for p in READ_IN_CLUSTER}
SECRETARIAT_WRITES = {"secretariat": 302, "own": 403, "other": 403, "viewer": 403, "outsider": 404}
OWN_UNIT_ONLY = {"secretariat": 403, "own": 200, "other": 403, "viewer": 403, "outsider": 404}
OWN_UNIT_WRITES = {**OWN_UNIT_ONLY, "own": 302}


def _year(w: World) -> list:
    return [w.cluster.slug, w.year.year]


def _report(w: World) -> list:
    return [*_year(w), helpers.national_campaign(w).pk, w.nam_dinh.slug]


def _with_draft(w: World) -> list:
    helpers.covenant(w)
    return _year(w)


def _with_signed(w: World) -> list:
    helpers.signed_covenant(w)
    return _year(w)


def _sign_nam_dinh(w: World) -> list:
    helpers.covenant(w, Covenant.State.OPEN)
    return [*_year(w), w.nam_dinh.slug]


def _version_1(w: World) -> list:
    helpers.covenant(w)
    return [*_year(w), 1]


INDICATOR = {
    "indicators-TOTAL_FORMS": "1",
    "indicators-INITIAL_FORMS": "0",
    "indicators-0-name": "Xã đạt chuẩn",
    "indicators-0-target": "10",
    "registration": "Đăng ký",
}
CLAUSE = {
    "clauses-TOTAL_FORMS": "1",
    "clauses-INITIAL_FORMS": "0",
    "clauses-0-content": "Điều khoản mới",
    "signing_place": "Hà Nam",
}
SIGNATURE = {
    "full_name": "Đặng Văn Nam",
    "title": "Phó Chủ tịch UBND tỉnh",
    "signed_on": "20/03/2019",
}

CASES = [
    Case("campaigns:campaign_list", expect=EVERYONE_SIGNED_IN),
    Case(
        "campaigns:campaign_detail",
        lambda w: [helpers.national_campaign(w).pk],
        expect=EVERYONE_SIGNED_IN,
    ),
    Case(
        "campaigns:campaign_detail",
        lambda w: [helpers.cluster_campaign(w).pk],
        expect=READ_IN_CLUSTER,
    ),
    # The launching document's file: whoever reads the campaign downloads it.
    Case(
        "campaigns:campaign_document",
        lambda w: [helpers.with_document(helpers.national_campaign(w)).pk],
        expect=EVERYONE_SIGNED_IN,
    ),
    Case(
        "campaigns:campaign_document",
        lambda w: [helpers.with_document(helpers.cluster_campaign(w)).pk],
        expect=READ_IN_CLUSTER,
    ),
    Case("campaigns:year_campaigns", _year, expect=READ_IN_CLUSTER),
    Case("campaigns:year_campaigns_edit", _year, expect=SECRETARIAT_ONLY),
    Case(
        "campaigns:year_campaigns_edit",
        lambda w: [*_year(w)],
        method="post",
        data={"campaigns": []},
        expect=SECRETARIAT_WRITES,
    ),
    Case("campaigns:report_detail", _report, expect=READ_IN_CLUSTER),
    Case("campaigns:report_edit", _report, expect=OWN_UNIT_ONLY),
    Case("campaigns:report_edit", _report, method="post", data=INDICATOR, expect=OWN_UNIT_WRITES),
    Case("campaigns:covenant_detail", _year, expect=READ_IN_CLUSTER),
    Case("campaigns:covenant_detail", _with_signed, expect=READ_IN_CLUSTER),
    Case("campaigns:covenant_edit", _with_draft, expect=SECRETARIAT_ONLY),
    Case("campaigns:covenant_edit", _year, method="post", data=CLAUSE, expect=SECRETARIAT_WRITES),
    Case("campaigns:covenant_open", _with_draft, method="post", expect=SECRETARIAT_WRITES),
    Case("campaigns:covenant_amend", _with_signed, method="post", expect=SECRETARIAT_WRITES),
    Case("campaigns:covenant_sign", _sign_nam_dinh, expect=OWN_UNIT_ONLY),
    Case(
        "campaigns:covenant_sign",
        _sign_nam_dinh,
        method="post",
        data=SIGNATURE,
        expect=OWN_UNIT_WRITES,
    ),
    Case("campaigns:covenant_document", _version_1, expect=READ_IN_CLUSTER),
    Case("campaigns:covenant_pdf", _version_1, expect=READ_IN_CLUSTER),
]

CONFERENCE_POST = {
    "conference_date": "20/03/2019",
    "conference_place": "tỉnh Hà Nam",
    "chair": "Đại diện lãnh đạo UBND tỉnh Hà Nam",
    "guests-TOTAL_FORMS": "0",
    "guests-INITIAL_FORMS": "0",
    "guests-MIN_NUM_FORMS": "0",
    "guests-MAX_NUM_FORMS": "1000",
}

CASES += [
    Case("campaigns:conference", _year, expect=READ_IN_CLUSTER),
    Case("campaigns:conference_edit", _year, expect=SECRETARIAT_ONLY),
    Case(
        "campaigns:conference_edit",
        _year,
        method="post",
        data=CONFERENCE_POST,
        expect=SECRETARIAT_WRITES,
    ),
    Case("campaigns:report", _year, expect=READ_IN_CLUSTER),
    Case("campaigns:report_pdf", _year, expect=READ_IN_CLUSTER),
]
