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
}


def test_the_migration_seeds_the_award_types_with_their_legal_basis():
    seeded = {t.name: (t.recipient_kinds, t.level) for t in AwardType.objects.all()}
    assert seeded == SEEDED
    for award_type in AwardType.objects.all():
        assert "06/2022/QH15" in award_type.legal_basis
        # article numbers not checked against the law: said so, and flagged
        assert "chưa kiểm chứng" in award_type.legal_basis and not award_type.basis_verified
        assert award_type.certificate_heading.startswith("TẶNG")


def test_the_flag_quota_is_twenty_percent_of_the_leading_units():
    quota = AwardQuota.objects.get(award_type__code="co-thi-dua-chinh-phu")
    assert quota.share == Decimal("0.200") and quota.base == "leading_units"


@pytest.mark.parametrize("name", ["awardtype", "awardquota", "decision", "recipient"])
def test_administrator_opens_and_searches_every_awards_list(world, as_persona, name):
    response = as_persona("admin").get(reverse(f"admin:awards_{name}_changelist"), {"q": "khen"})
    assert response.status_code == 200


def test_administrator_changes_a_quota_in_the_admin(world, as_persona):
    quota = AwardQuota.objects.get()
    response = as_persona("admin").post(
        reverse("admin:awards_awardquota_change", args=[quota.pk]),
        {
            "award_type": quota.award_type_id,
            "rule": quota.rule,
            "share": "0,25",
            "base": "leading_units",
            "legal_basis": "Nghị định 152/2025/NĐ-CP (chưa kiểm chứng điều khoản)",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    quota.refresh_from_db()
    assert quota.share == Decimal("0.25") and "152/2025" in quota.legal_basis


def test_a_quota_above_one_is_refused(world, as_persona):
    quota = AwardQuota.objects.get()
    response = as_persona("admin").post(
        reverse("admin:awards_awardquota_change", args=[quota.pk]),
        {"award_type": quota.award_type_id, "rule": "x", "share": "1,5", "base": "leading_units",
         "legal_basis": "x"},
    )  # fmt: skip
    assert response.status_code == 200
    quota.refresh_from_db()
    assert quota.share == Decimal("0.200")


@pytest.mark.parametrize("persona", ["secretariat", "viewer"])
def test_only_administrators_keep_the_catalogue(world, as_persona, persona):
    response = as_persona(persona).get(reverse("admin:awards_awardtype_changelist"))
    assert response.status_code == 302
