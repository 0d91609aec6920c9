"""Demo: the certificates of merit that Hà Nam's chairman gave for the cluster's 2018 work.

From the seed article (21/03/2019): "Chủ tịch UBND tỉnh Hà Nam, đơn vị Cụm Trưởng cụm thi đua năm
2018 đã tặng Bằng khen cho 7 tập thể, 15 cá nhân có nhiều đóng góp tích cực trong hoạt động của
Cụm năm 2018". The article names none of them: the decision's number, date and signer and every
recipient below are sample data, flagged `is_sample` (the pages show a badge, the certificates a
line saying so).

The 2018 proposals: the article says the conference "thống nhất đề nghị Chính phủ, Thủ tướng Chính
phủ khen thưởng cho các tỉnh có thành tích xuất sắc năm 2018". The story (config/demo.py) drafts
them from the closed (sample) ballot rounds — the flag round proposes Hà Nam, the PM-certificate
round Hải Dương and Bắc Ninh — and Hà Nam's officer sends them the same day; their numbers,
date and signer are samples.
"""

from __future__ import annotations

import datetime

from scoring.models import BallotRound

ISSUER = "Chủ tịch Ủy ban nhân dân tỉnh Hà Nam"
NUMBER = "568/QĐ-UBND"
ACHIEVEMENT = (
    "Đã có nhiều đóng góp tích cực trong hoạt động của Cụm thi đua các tỉnh Đồng bằng sông Hồng "
    "năm 2018"
)
BOARD = "Ban Thi đua - Khen thưởng, Sở Nội vụ tỉnh {province}"

# (unit slug, collective name)
COLLECTIVES = [
    ("bac-ninh", "Ban Thi đua - Khen thưởng tỉnh Bắc Ninh"),
    ("hai-duong", "Ban Thi đua - Khen thưởng tỉnh Hải Dương"),
    ("hung-yen", "Ban Thi đua - Khen thưởng tỉnh Hưng Yên"),
    ("nam-dinh", "Ban Thi đua - Khen thưởng tỉnh Nam Định"),
    ("ninh-binh", "Ban Thi đua - Khen thưởng tỉnh Ninh Bình"),
    ("quang-ninh", "Ban Thi đua - Khen thưởng tỉnh Quảng Ninh"),
    ("ha-nam", "Phòng Thi đua - Khen thưởng khối Đảng, đoàn thể, Sở Nội vụ tỉnh Hà Nam"),
]
# (unit slug, sample full name, position)
INDIVIDUALS = [
    ("ha-nam", "Nguyễn Văn An", "Trưởng ban"),
    ("ha-nam", "Đặng Thị Bích", "Phó Trưởng ban"),
    ("ha-nam", "Trần Quốc Cường", "Chuyên viên"),
    ("ha-nam", "Lê Thị Diệu", "Chuyên viên"),
    ("bac-ninh", "Phạm Đức Duy", "Phó Trưởng ban"),
    ("hai-duong", "Hoàng Thị Giang", "Trưởng phòng Nghiệp vụ"),
    ("hung-yen", "Vũ Mạnh Hùng", "Phó Trưởng ban"),
    ("nam-dinh", "Đỗ Thị Hạnh", "Chuyên viên"),
    ("nam-dinh", "Bùi Văn Khánh", "Phó Trưởng ban"),
    ("ninh-binh", "Ngô Thị Lan", "Trưởng phòng Nghiệp vụ"),
    ("quang-ninh", "Đinh Văn Long", "Phó Trưởng ban"),
    ("thai-binh", "Dương Thị Mai", "Chuyên viên"),
    ("thai-binh", "Lương Văn Nghĩa", "Phó Trưởng ban"),
    ("vinh-phuc", "Trịnh Thị Oanh", "Chuyên viên"),
    ("vinh-phuc", "Đặng Văn Phong", "Trưởng phòng Nghiệp vụ"),
]


MERIT_CODE = "bang-khen-chu-tich-ubnd-tinh"
# The decision as Hà Nam's officer records it (number, date and signer are samples).
DECISION = {
    "issuer": ISSUER,
    "number": NUMBER,
    "date": datetime.date(2019, 3, 15),
    "place": "Hà Nam",
    "signer_title": "CHỦ TỊCH",
    "signer_name": "Trần Văn Hà",
    "achievement": ACHIEVEMENT,
    "is_sample": True,
    "notes": (
        "Bài báo ngày 21/03/2019 nêu: Chủ tịch UBND tỉnh Hà Nam tặng Bằng khen cho 7 tập "
        "thể, 15 cá nhân. Số, ngày, người ký và tên người nhận là dữ liệu mẫu."
    ),
}

# Sample letters, signed and sent at the conference of 20/03/2019: (ballot round kind, number).
PROPOSALS = [
    (BallotRound.Kind.FLAG, "05/TTr-CTĐ"),
    (BallotRound.Kind.PM_CERTIFICATE, "06/TTr-CTĐ"),
]
PROPOSALS_DATE = datetime.date(2019, 3, 20)
