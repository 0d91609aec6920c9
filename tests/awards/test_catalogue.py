"""The award catalogue: seeded by a migration, kept by the administrator in the admin."""

from decimal import Decimal

import pytest
from django.urls import reverse

from awards.models import AwardQuota, AwardType

pytestmark = pytest.mark.django_db

SEEDED = {
    "Cờ thi đua của Chính phủ": ("collective", "state"),
    "Bằng khen của Thủ tướng Chính phủ": ("both", "prime_minister"),
    "Cờ thi đua cấp tỉnh": ("collective", "province"),
    "Bằng khen của Chủ tịch UBND tỉnh": ("both", "province"),
    "Giấy khen": ("both", "grassroots"),
    "Tập thể lao động xuất sắc": ("collective", "province"),
    "Chiến sĩ thi đua toàn quốc": ("individual", "state"),
    "Chiến sĩ thi đua cấp tỉnh": ("individual", "province"),
    "Chiến sĩ thi đua cơ sở": ("individual", "grassroots"),
    "Bằng khen của Chủ tịch UBND thành phố": ("both", "province"),
    "Bằng khen của Bộ trưởng": ("both", "province"),
}


def test_the_migration_seeds_the_award_types_with_their_legal_basis():
    seeded = {t.name: (t.recipient_kinds, t.level) for t in AwardType.objects.all()}
    assert seeded == SEEDED
    for award_type in AwardType.objects.all():
        assert "06/2022/QH15" in award_type.legal_basis
        # article numbers not checked against the law: said so, and flagged
        assert "chưa kiểm chứng" in award_type.legal_basis and not award_type.basis_verified
        assert award_type.certificate_heading.startswith("TẶNG")


def test_the_flag_quotas_name_their_route_and_their_source():
    quotas = {
        (q.route, q.source.number, q.clause): (q.share, q.max_units)
        for q in AwardQuota.objects.filter(award_type__code="co-thi-dua-chinh-phu")
    }
    assert quotas == {
        ("central_cluster", "91/2017/NĐ-CP", "Điều 11 khoản 2"): (None, 1),
        ("central_cluster", "06/2022/QH15", "Điều 25"): (None, 1),
        ("within", "91/2017/NĐ-CP", "Điều 11 khoản 1"): (Decimal("0.200"), None),
    }


def _twenty_percent() -> AwardQuota:
    return AwardQuota.objects.get(route="within")


@pytest.mark.parametrize("name", ["awardtype", "awardquota", "decision", "recipient"])
def test_administrator_opens_and_searches_every_awards_list(world, as_persona, name):
    response = as_persona("admin").get(reverse(f"admin:awards_{name}_changelist"), {"q": "khen"})
    assert response.status_code == 200


def _form(quota: AwardQuota, **changes) -> dict:
    data = {
        "award_type": quota.award_type_id,
        "route": quota.route,
        "rule": quota.rule,
        "share": "0,2",
        "max_units": "",
        "base": "leading_units",
        "source": quota.source_id,
        "clause": quota.clause,
        "legal_basis": quota.legal_basis,
        "is_active": "on",
    }
    return {**data, **changes}


def test_administrator_changes_a_quota_in_the_admin(world, as_persona):
    quota = _twenty_percent()
    response = as_persona("admin").post(
        reverse("admin:awards_awardquota_change", args=[quota.pk]),
        _form(quota, share="0,25", legal_basis="Nghị định 152/2025/NĐ-CP (chưa kiểm chứng)"),
    )
    assert response.status_code == 302
    quota.refresh_from_db()
    assert quota.share == Decimal("0.25") and "152/2025" in quota.legal_basis


def test_a_quota_above_one_is_refused(world, as_persona):
    quota = _twenty_percent()
    response = as_persona("admin").post(
        reverse("admin:awards_awardquota_change", args=[quota.pk]), _form(quota, share="1,5")
    )
    assert response.status_code == 200
    quota.refresh_from_db()
    assert quota.share == Decimal("0.200")


def test_a_quota_without_a_route_is_refused_in_vietnamese(world, as_persona):
    quota = _twenty_percent()
    response = as_persona("admin").post(
        reverse("admin:awards_awardquota_change", args=[quota.pk]), _form(quota, route="")
    )
    assert response.status_code == 200
    assert "Chỉ tiêu phải nêu tuyến đề nghị" in response.text
    quota.refresh_from_db()
    assert quota.route == "within"


def test_a_quota_without_a_source_is_refused_in_vietnamese(world, as_persona):
    quota = _twenty_percent()
    response = as_persona("admin").post(
        reverse("admin:awards_awardquota_change", args=[quota.pk]), _form(quota, source="")
    )
    assert response.status_code == 200
    assert "Chỉ tiêu phải nêu văn bản quy định." in response.text
    quota.refresh_from_db()
    assert quota.source.number == "91/2017/NĐ-CP"


def test_a_quota_without_a_limit_is_refused(world, as_persona):
    quota = _twenty_percent()
    response = as_persona("admin").post(
        reverse("admin:awards_awardquota_change", args=[quota.pk]), _form(quota, share="")
    )
    assert response.status_code == 200
    assert "Chỉ tiêu phải có tỷ lệ tối đa hoặc số đơn vị tối đa" in response.text


@pytest.mark.parametrize("persona", ["secretariat", "viewer"])
def test_only_administrators_keep_the_catalogue(world, as_persona, persona):
    response = as_persona(persona).get(reverse("admin:awards_awardtype_changelist"))
    assert response.status_code == 302
