"""The demo's documents cite the law of their own date (the story is of March 2019)."""

import datetime

import pytest
from django.core.management import call_command

from awards.documents import proposal_html
from awards.models import Proposal
from campaigns.documents import compact_html
from campaigns.models import Covenant

pytestmark = pytest.mark.django_db
NEW_LAW = datetime.date(2024, 1, 1)


def test_no_demo_document_dated_before_2024_cites_the_2022_law():
    call_command("loaddemo")
    letters = list(Proposal.objects.exclude(date=None))
    assert letters and all(p.date == datetime.date(2019, 3, 20) for p in letters)
    for proposal in letters:
        html = proposal_html(proposal)
        assert "06/2022/QH15" not in html and "98/2023" not in html
        assert "Căn cứ Luật Thi đua, Khen thưởng số 15/2003/QH11" in html
        assert "91/2017/NĐ-CP" in html and "08/2017/TT-BNV" in html
    for covenant in Covenant.objects.exclude(signing_date=None):
        if covenant.signing_date < NEW_LAW:
            assert "06/2022/QH15" not in compact_html(covenant)
