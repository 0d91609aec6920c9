"""Legal texts as dated data: which texts are in force on a date, the seed, overlaps refused."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from clusters.legal import basis_lines, in_force, texts_in_force
from clusters.models import LegalText

D = datetime.date


def _text(number, purpose, start, end=None, issued=None, kind="law") -> LegalText:
    return LegalText(
        number=number,
        kind=kind,
        purpose=purpose,
        issuer="Quốc hội",
        title="Thi đua, khen thưởng",
        issued_on=issued,
        in_force_from=start,
        in_force_until=end,
    )


def test_in_force_keeps_the_texts_whose_period_holds_the_day_without_a_database():
    old = _text("15/2003/QH11", "emulation_law", D(2004, 1, 1), D(2023, 12, 31), D(2003, 11, 26))
    amended = _text("39/2013/QH13", "emulation_law", D(2014, 6, 1), D(2023, 12, 31))
    new = _text("06/2022/QH15", "emulation_law", D(2024, 1, 1), issued=D(2022, 6, 15))
    undated = _text("152/2025/NĐ-CP", "emulation_law", None)
    texts = [new, amended, old, undated]
    assert in_force(texts, D(2019, 3, 25), "emulation_law") == [old, amended]
    assert in_force(texts, D(2023, 12, 31), "emulation_law") == [old, amended]
    assert in_force(texts, D(2024, 1, 1), "emulation_law") == [new]
    assert in_force(texts, D(2003, 12, 31), "emulation_law") == []
    assert in_force(texts, D(2019, 3, 25), "decree") == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (
            D(2019, 3, 25),
            {
                "emulation_law": ["15/2003/QH11", "47/2005/QH11", "39/2013/QH13"],
                "decree": ["91/2017/NĐ-CP"],
                "circular": ["08/2017/TT-BNV"],
            },
        ),
        (
            D(2025, 3, 20),
            {"emulation_law": ["06/2022/QH15"], "decree": ["98/2023/NĐ-CP"], "circular": []},
        ),
        (
            D(2023, 12, 31),
            {
                "emulation_law": ["15/2003/QH11", "47/2005/QH11", "39/2013/QH13"],
                "decree": ["91/2017/NĐ-CP"],
                "circular": ["12/2019/TT-BNV"],
            },
        ),
        (
            D(2024, 1, 1),
            {"emulation_law": ["06/2022/QH15"], "decree": ["98/2023/NĐ-CP"], "circular": []},
        ),
    ],
)
def test_the_seeded_table_gives_the_texts_in_force_on_each_date(day, expected):
    found = {p: [t.number for t in texts_in_force(day, p)] for p in expected}
    assert found == expected


@pytest.mark.django_db
def test_the_basis_lines_of_2019_and_2025():
    lines_2019 = basis_lines(D(2019, 3, 25))
    assert lines_2019 == [
        "Luật Thi đua, Khen thưởng số 15/2003/QH11 ngày 26 tháng 11 năm 2003; Luật sửa đổi, bổ "
        "sung một số điều của Luật Thi đua, Khen thưởng số 47/2005/QH11 ngày 14 tháng 6 năm "
        "2005; Luật sửa đổi, bổ sung một số điều của Luật Thi đua, Khen thưởng số 39/2013/QH13 "
        "ngày 16 tháng 11 năm 2013",
        "Nghị định số 91/2017/NĐ-CP ngày 31 tháng 7 năm 2017 của Chính phủ quy định chi tiết "
        "thi hành một số điều của Luật Thi đua, khen thưởng",
        "Thông tư số 08/2017/TT-BNV ngày 27 tháng 10 năm 2017 của Bộ Nội vụ quy định chi tiết "
        "thi hành Nghị định số 91/2017/NĐ-CP",
    ]
    assert basis_lines(D(2025, 3, 20)) == [
        "Luật Thi đua, khen thưởng số 06/2022/QH15 ngày 15 tháng 6 năm 2022",
        "Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ quy định chi tiết "
        "thi hành một số điều của Luật Thi đua, khen thưởng",
    ]


@pytest.mark.django_db
def test_the_seed_links_successors_and_amendments_and_says_what_it_could_not_check():
    texts = {t.number: t for t in LegalText.objects.select_related("replaced_by", "amends")}
    assert texts["15/2003/QH11"].replaced_by.number == "06/2022/QH15"
    assert texts["39/2013/QH13"].amends.number == "15/2003/QH11"
    assert texts["91/2017/NĐ-CP"].replaced_by.number == "98/2023/NĐ-CP"
    assert texts["08/2017/TT-BNV"].replaced_by.number == "12/2019/TT-BNV"
    # Nothing in the repository confirms every date of any text: all flagged, each says what.
    assert all(not t.verified and t.verification_note for t in texts.values())
    # Nghị định 152/2025 is known by its number only: it has no period and is never cited.
    decree_2025 = texts["152/2025/NĐ-CP"]
    assert decree_2025.in_force_from is None and decree_2025.issued_on is None
    assert all("152/2025" not in line for line in basis_lines(D(2026, 6, 1)))
    for text in texts.values():  # the seed itself passes the overlap rule
        text.full_clean()


@pytest.mark.django_db
def test_a_text_in_force_after_its_successor_starts_is_refused_in_vietnamese():
    old = LegalText.objects.get(number="91/2017/NĐ-CP")
    old.in_force_until = D(2024, 6, 30)
    with pytest.raises(ValidationError, match="chồng lên văn bản thay thế 98/2023/NĐ-CP"):
        old.full_clean()
    old.in_force_until = None  # no end at all overlaps too
    with pytest.raises(ValidationError, match="chồng lên"):
        old.full_clean()


@pytest.mark.django_db
def test_a_successor_moved_into_its_predecessors_period_is_refused():
    new = LegalText.objects.get(number="06/2022/QH15")
    new.in_force_from = D(2022, 7, 1)
    with pytest.raises(ValidationError) as refused:
        new.full_clean()
    assert "15/2003/QH11" in str(refused.value) and "01/07/2022" in str(refused.value)


@pytest.mark.django_db
def test_an_end_before_the_start_is_refused():
    text = LegalText.objects.get(number="98/2023/NĐ-CP")
    text.in_force_until = D(2023, 1, 1)
    with pytest.raises(ValidationError, match="Ngày hết hiệu lực phải sau ngày có hiệu lực"):
        text.full_clean()


def _admin_form(text: LegalText, **changes) -> dict:
    data = {
        "number": text.number,
        "kind": text.kind,
        "purpose": text.purpose,
        "issuer": text.issuer,
        "title": text.title,
        "issued_on": f"{text.issued_on:%d/%m/%Y}" if text.issued_on else "",
        "in_force_from": f"{text.in_force_from:%d/%m/%Y}" if text.in_force_from else "",
        "in_force_until": f"{text.in_force_until:%d/%m/%Y}" if text.in_force_until else "",
        "amends": text.amends_id or "",
        "replaced_by": text.replaced_by_id or "",
        "clauses": text.clauses,
        "verification_note": text.verification_note,
    }
    return {**data, **changes}


@pytest.mark.django_db
def test_the_administrator_keeps_the_table_and_an_overlap_is_refused_there(world, as_persona):
    admin = as_persona("admin")
    assert (
        admin.get(reverse("admin:clusters_legaltext_changelist"), {"q": "2017"}).status_code == 200
    )
    text = LegalText.objects.get(number="152/2025/NĐ-CP")
    change = reverse("admin:clusters_legaltext_change", args=[text.pk])
    response = admin.post(
        change, _admin_form(text, issued_on="14/06/2025", in_force_from="01/07/2025")
    )
    assert response.status_code == 302
    text.refresh_from_db()
    assert text.in_force_from == D(2025, 7, 1)

    old = LegalText.objects.get(number="91/2017/NĐ-CP")
    response = admin.post(
        reverse("admin:clusters_legaltext_change", args=[old.pk]),
        _admin_form(old, in_force_until="30/06/2024"),
    )
    assert response.status_code == 200
    assert "chồng lên văn bản thay thế 98/2023/NĐ-CP" in response.text
    old.refresh_from_db()
    assert old.in_force_until == D(2023, 12, 31)


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["secretariat", "viewer"])
def test_only_administrators_keep_the_legal_texts(world, as_persona, persona):
    response = as_persona(persona).get(reverse("admin:clusters_legaltext_changelist"))
    assert response.status_code == 302
