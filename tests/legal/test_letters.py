"""Each letter cites only the legal texts in force on its own date (read back from the PDF)."""

import datetime
import io

import pytest
from pypdf import PdfReader

from awards import services
from clusters.models import LegalText
from tests.awards.helpers import url
from tests.awards.proposal_builders import drafted

pytestmark = pytest.mark.django_db
D = datetime.date
NEW_LAW = datetime.date(2024, 1, 1)


def _letter(world, as_persona, day: datetime.date, number: str = "05/TTr-CTĐ") -> str:
    proposal = drafted(world)
    services.proposal_update(
        actor=world.secretariat, proposal=proposal, fields={"number": number, "date": day}
    )
    services.proposal_send(actor=world.secretariat, proposal=proposal)
    response = as_persona("viewer").get(url("awards:proposal_document", world, proposal.pk))
    assert response["Content-Type"] == "application/pdf"
    pages = PdfReader(io.BytesIO(response.getvalue())).pages
    return " ".join(" ".join(page.extract_text() for page in pages).split())


def _cited(text: str) -> set[str]:
    return {
        number for number in LegalText.objects.values_list("number", flat=True) if number in text
    }


def _in_force_on(day: datetime.date) -> set[str]:
    return {t.number for t in LegalText.objects.all() if t.in_force_on(day)}


def test_the_letter_of_20_03_2019_cites_the_2003_law_as_amended_decree_91_and_circular_08(
    world, as_persona
):
    text = _letter(world, as_persona, D(2019, 3, 20))
    assert "Hà Nam, ngày 20 tháng 3 năm 2019" in text
    assert "Căn cứ Luật Thi đua, Khen thưởng số 15/2003/QH11" in text
    assert "47/2005/QH11" in text and "39/2013/QH13" in text
    assert "Căn cứ Nghị định số 91/2017/NĐ-CP ngày 31 tháng 7 năm 2017 của Chính phủ" in text
    assert "Căn cứ Thông tư số 08/2017/TT-BNV ngày 27 tháng 10 năm 2017 của Bộ Nội vụ" in text
    assert _cited(text) == {
        "15/2003/QH11",
        "47/2005/QH11",
        "39/2013/QH13",
        "91/2017/NĐ-CP",
        "08/2017/TT-BNV",
    }
    assert _cited(text) <= _in_force_on(D(2019, 3, 20))


def test_a_letter_of_2025_cites_law_06_2022_and_decree_98_2023(world, as_persona):
    text = _letter(world, as_persona, D(2025, 3, 20))
    assert "Căn cứ Luật Thi đua, khen thưởng số 06/2022/QH15 ngày 15 tháng 6 năm 2022" in text
    assert "Căn cứ Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023" in text
    assert _cited(text) == {"06/2022/QH15", "98/2023/NĐ-CP"}
    assert _cited(text) <= _in_force_on(D(2025, 3, 20))


@pytest.mark.parametrize(
    "day", [D(2017, 12, 20), D(2019, 3, 20), D(2020, 3, 25), D(2023, 12, 31), D(2024, 1, 1),
            D(2025, 3, 20), D(2026, 3, 18)],
)  # fmt: skip
def test_no_letter_before_2024_cites_the_2022_law_and_none_after_the_2003_law(
    world, as_persona, day
):
    text = _letter(world, as_persona, day)
    cited = _cited(text)
    assert cited <= _in_force_on(day)
    if day < NEW_LAW:
        assert "06/2022/QH15" not in text and "15/2003/QH11" in cited
    else:
        assert "15/2003/QH11" not in text and "06/2022/QH15" in cited


def test_a_draft_cites_the_texts_of_the_vote_day(world, as_persona):
    """A draft without a date is measured on the conference's date (the day of the vote)."""
    world.year.conference_date = D(2019, 3, 20)
    world.year.save(update_fields=["conference_date"])
    proposal = drafted(world)
    html = as_persona("viewer").get(
        url("awards:proposal_document", world, proposal.pk), {"format": "html"}
    )
    page = html.content.decode()
    assert "15/2003/QH11" in page and "06/2022/QH15" not in page
