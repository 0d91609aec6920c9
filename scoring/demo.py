"""Demo: the 2018 score sheets of the nine provinces, self-assessed, reviewed and finalised.

The article says the conference "bình xét, chấm điểm thi đua" but gives no criteria and no scores:
the sheet and every number here are SAMPLES, flagged is_sample so the pages say so. The story
(config/demo.py) enters them through the services, each on its day, as each province would.
"""

from __future__ import annotations

from decimal import Decimal

from scoring.models import BallotRound

D = Decimal

# (code, text, parent code, kind, max points, cap, evidence required)
SAMPLE_SHEET = [
    ("I", "Thực hiện nhiệm vụ phát triển kinh tế - xã hội, quốc phòng, an ninh", None, "standard", None, None, False),
    ("I.1", "Tốc độ tăng trưởng GRDP đạt hoặc vượt kế hoạch", "I", "standard", "10", None, True),
    ("I.2", "Thu ngân sách nhà nước trên địa bàn đạt dự toán", "I", "standard", "8", None, False),
    ("I.3", "Giảm tỷ lệ hộ nghèo theo kế hoạch", "I", "standard", "7", None, False),
    ("I.4", "Bảo đảm quốc phòng, an ninh, trật tự an toàn xã hội", "I", "standard", "5", None, False),
    ("II", "Tổ chức các phong trào thi đua", None, "standard", None, "30", False),
    ("II.1", "Phong trào “Cả nước chung sức xây dựng nông thôn mới”", "II", "standard", "10", None, True),
    ("II.2", "Phong trào “Doanh nghiệp Việt Nam hội nhập và phát triển”", "II", "standard", "8", None, False),
    ("II.3", "Phong trào “Cả nước chung tay vì người nghèo - Không để ai bị bỏ lại phía sau”", "II", "standard", "8", None, False),
    ("II.4", "Kỷ niệm 70 năm Ngày Chủ tịch Hồ Chí Minh ra Lời kêu gọi thi đua ái quốc", "II", "standard", "6", None, False),
    ("III", "Công tác khen thưởng", None, "standard", None, None, False),
    ("III.1", "Khen thưởng đúng người, đúng thành tích, kịp thời", "III", "standard", "8", None, False),
    ("III.2", "Tỷ lệ khen thưởng người trực tiếp lao động, sản xuất", "III", "standard", "7", None, False),
    ("IV", "Tham gia hoạt động chung của Cụm", None, "standard", None, None, False),
    ("IV.1", "Tham dự đầy đủ hội nghị, giao ban của Cụm", "IV", "standard", "5", None, False),
    ("IV.2", "Gửi báo cáo, bảng tự chấm điểm đúng hạn", "IV", "standard", "5", None, False),
    ("V", "Điểm thưởng", None, "standard", None, None, False),
    ("V.1", "Mô hình mới, cách làm hay được Trung ương ghi nhận", "V", "bonus", "5", None, False),
    ("VI", "Điểm trừ", None, "standard", None, None, False),
    ("VI.1", "Chậm gửi báo cáo, hồ sơ theo quy định", "VI", "deduction", "5", None, False),
]  # fmt: skip

# Sample self-assessed points per province (fraction of each maximum, then bonus and deduction).
SAMPLE_SHARE = {
    "ha-nam": (D("0.96"), "4", "0"),
    "hai-duong": (D("0.95"), "4", "0"),
    "bac-ninh": (D("0.94"), "5", "-1"),
    "quang-ninh": (D("0.93"), "4", "0"),
    "hung-yen": (D("0.92"), "3", "0"),
    "vinh-phuc": (D("0.91"), "3", "0"),
    "nam-dinh": (D("0.90"), "3", "-0,5"),
    "ninh-binh": (D("0.89"), "2", "0"),
    "thai-binh": (D("0.88"), "2", "-1"),
}
# Sample review: (province, criterion, new points, reason, the province's answer, keep?)
SAMPLE_REVIEW = [
    ("bac-ninh", "I.1", "9", "Số liệu GRDP sơ bộ thấp hơn số tự chấm.", "Đơn vị thống nhất với số liệu của Cục Thống kê.", True),
    ("nam-dinh", "IV.2", "4", "Gửi bảng tự chấm điểm chậm 3 ngày.", "Đơn vị đã gửi bản điện tử đúng hạn, bản giấy gửi sau.", False),
    ("thai-binh", "II.1", "8", "Chưa có minh chứng đủ số xã đạt chuẩn nông thôn mới.", "", True),
]  # fmt: skip


# Sample ballots of the 2018 conference: (kind, seats, the choices of each of the nine provinces).
# The article says the conference proposed awards and elected the 2019 head and deputies; the
# issue gives the result (Hải Dương head; Hưng Yên and Quảng Ninh deputies); the votes are samples.
SAMPLE_ROUNDS = [
    (BallotRound.Kind.FLAG, 1, [["ha-nam"]] * 8 + [["hai-duong"]]),
    (
        BallotRound.Kind.PM_CERTIFICATE,
        2,
        [["hai-duong", "bac-ninh"]] * 7 + [["quang-ninh", "hai-duong"]] * 2,
    ),
    (BallotRound.Kind.HEAD, 1, [["hai-duong"]] * 9),
    (BallotRound.Kind.DEPUTIES, 2, [["hung-yen", "quang-ninh"]] * 8 + [["hung-yen", "bac-ninh"]]),
]
