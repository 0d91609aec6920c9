"""A year whose conference record and award decision are done, as closing asks."""

import datetime

from campaigns import services as campaigns
from clusters.models import EmulationYear, User
from tests.awards.helpers import make_decision

RECORD = {
    "conference_date": datetime.date(2019, 3, 20),
    "chair": "Chủ tịch UBND tỉnh Hà Nam",
    "report_number": "Số: 05/BC-CTĐ",
    "campaign_results": "Các tỉnh hoàn thành các phong trào.",
    "commendation_work": "Khen thưởng kịp thời, đúng người.",
    "shortcomings": "Báo cáo còn chậm.",
    "next_tasks": "Tiếp tục đẩy mạnh phong trào.",
}
GUESTS = [
    ("Đặng Thị Ngọc Thịnh", "Phó Chủ tịch nước"),
    ("Trần Thị Hà", "Phó Trưởng ban Thi đua - Khen thưởng Trung ương"),
]


def record_the_conference(year: EmulationYear, actor: User | None) -> None:
    """The conference record complete (through its service) and the head's decision."""
    campaigns.conference_record(actor=actor, year=year, fields=RECORD, guests=GUESTS)
    make_decision(year)
    year.refresh_from_db()  # the service saved the date on its own locked copy
