"""The covenant's rules, without a database."""

from decimal import Decimal

import pytest

from campaigns import documents, rules
from clusters.text import decimal_text


def test_clauses_change_only_in_a_draft():
    assert rules.edit_refusal(state=None) is None
    assert rules.edit_refusal(state="draft") is None
    assert "bản sửa đổi" in rules.edit_refusal(state="signed")
    assert "đang ký kết" in rules.edit_refusal(state="open")


def test_opening_needs_a_draft_with_clauses_and_a_place():
    ok = {"state": "draft", "clause_count": 3, "has_place": True}
    assert rules.open_refusal(**ok) is None
    assert rules.open_refusal(**{**ok, "clause_count": 0}) == "Giao ước chưa có điều khoản nào."
    assert "nơi ký" in rules.open_refusal(**{**ok, "has_place": False})
    assert rules.open_refusal(**{**ok, "state": "open"}) is not None


@pytest.mark.parametrize(
    ("change", "fragment"),
    [
        ({"is_own_staff": False}, "đơn vị mình"),
        ({"is_member": False}, "thành viên"),
        ({"state": "draft"}, "dự thảo"),
        ({"state": "signed"}, "ký kết xong"),
        ({"already_signed": True}, "đã ký"),
    ],
)
def test_signing_refusals(change, fragment):
    ok = {
        "state": "open",
        "is_member": True,
        "is_own_staff": True,
        "already_signed": False,
    }
    assert rules.sign_refusal(**ok) is None
    assert fragment in rules.sign_refusal(**{**ok, **change})


def test_amendment_only_of_the_latest_signed_version():
    assert rules.amend_refusal(state="signed", is_latest=True) is None
    assert rules.amend_refusal(state="open", is_latest=True) is not None
    assert rules.amend_refusal(state="signed", is_latest=False) is not None


def test_everyone_signed_needs_every_member():
    assert rules.everyone_signed({1, 2, 3}, {1, 2, 3})
    assert not rules.everyone_signed({1, 2, 3}, {1, 3})
    assert not rules.everyone_signed(set(), set())


def test_negative_values_are_refused():
    assert rules.value_refusal(Decimal("-0.5")) == "Giá trị không được âm."
    assert rules.value_refusal(Decimal(0)) is None and rules.value_refusal(None) is None


def test_signature_block_lines():
    # The kinds' defaults without a database (tests/wording reads the administrator's rows).
    from clusters.models import Unit
    from clusters.wording import DEFAULTS

    assert documents.signature_authority("Nam Định", "province", table=DEFAULTS) == [
        "TM. ỦY BAN NHÂN DÂN",
        "TỈNH NAM ĐỊNH",
    ]
    assert documents.signature_authority("Hải Phòng", "city", table=DEFAULTS)[1] == (
        "THÀNH PHỐ HẢI PHÒNG"
    )
    assert documents.signature_authority("Bộ Nội vụ", "agency", table=DEFAULTS) == ["BỘ NỘI VỤ"]
    nam_dinh = Unit(name="Nam Định", kind="province")
    assert documents.signature_titles("Phó Chủ tịch UBND tỉnh Nam Định", nam_dinh, DEFAULTS) == [
        "KT. CHỦ TỊCH",
        "PHÓ CHỦ TỊCH",
    ]
    ha_nam = Unit(name="Hà Nam", kind="province")
    assert documents.signature_titles("Chủ tịch Ủy ban nhân dân tỉnh Hà Nam", ha_nam, DEFAULTS) == [
        "CHỦ TỊCH"
    ]
    assert documents.signature_titles("Giám đốc Sở Nội vụ", ha_nam, DEFAULTS) == [
        "GIÁM ĐỐC SỞ NỘI VỤ"
    ]
    ministry = Unit(name="Bộ Nội vụ", kind="agency")
    assert documents.signature_titles("Thứ trưởng Bộ Nội vụ", ministry, DEFAULTS) == [
        "KT. BỘ TRƯỞNG",
        "THỨ TRƯỞNG",
    ]


def test_grid_of_three_and_points_with_decimal_comma():
    assert rules.rows_of(list(range(7))) == [[0, 1, 2], [3, 4, 5], [6]]
    assert decimal_text(Decimal("10.00")) == "10"
    assert decimal_text(Decimal("2.50")) == "2,5"
    assert decimal_text(Decimal("0.25")) == "0,25"
