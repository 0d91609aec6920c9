"""The award catalogue's defaults from Luật Thi đua, khen thưởng 06/2022/QH15 (what concerns
clusters), and the function that fills them in.

Used by the data migration (with historical models) and by the demo loader, which re-fills a
catalogue emptied by a test database flush. It only creates what is missing: an administrator's
changes are never overwritten. Article numbers have not been checked against the law's text, so
every entry cites the law only and says so; an administrator completes them in the admin.
"""

from __future__ import annotations

from decimal import Decimal

LAW = "Luật Thi đua, khen thưởng số 06/2022/QH15 (chưa kiểm chứng điều khoản)"

# code, name, recipient kinds, level, certificate heading
AWARD_TYPES = [
    ("co-thi-dua-chinh-phu", "Cờ thi đua của Chính phủ", "collective", "state",
     "TẶNG CỜ THI ĐUA CỦA CHÍNH PHỦ"),
    ("bang-khen-thu-tuong", "Bằng khen của Thủ tướng Chính phủ", "both", "prime_minister",
     "TẶNG BẰNG KHEN"),
    ("chien-si-thi-dua-toan-quoc", "Chiến sĩ thi đua toàn quốc", "individual", "state",
     "TẶNG DANH HIỆU CHIẾN SĨ THI ĐUA TOÀN QUỐC"),
    ("co-thi-dua-cap-tinh", "Cờ thi đua cấp tỉnh", "collective", "province",
     "TẶNG CỜ THI ĐUA"),
    ("bang-khen-chu-tich-ubnd-tinh", "Bằng khen của Chủ tịch UBND tỉnh", "both", "province",
     "TẶNG BẰNG KHEN"),
    ("tap-the-lao-dong-xuat-sac", "Tập thể lao động xuất sắc", "collective", "province",
     "TẶNG DANH HIỆU TẬP THỂ LAO ĐỘNG XUẤT SẮC"),
    ("chien-si-thi-dua-cap-tinh", "Chiến sĩ thi đua cấp tỉnh", "individual", "province",
     "TẶNG DANH HIỆU CHIẾN SĨ THI ĐUA CẤP TỈNH"),
    ("giay-khen", "Giấy khen", "both", "grassroots", "TẶNG GIẤY KHEN"),
    ("chien-si-thi-dua-co-so", "Chiến sĩ thi đua cơ sở", "individual", "grassroots",
     "TẶNG DANH HIỆU CHIẾN SĨ THI ĐUA CƠ SỞ"),
]  # fmt: skip

FLAG_QUOTA = {
    "rule": (
        "Số đơn vị được đề nghị tặng Cờ thi đua của Chính phủ không quá 20% số đơn vị được "
        "bình xét dẫn đầu cụm, khối thi đua"
    ),
    "share": Decimal("0.200"),
    "base": "leading_units",
    "legal_basis": (
        "Hướng dẫn của Ban Thi đua - Khen thưởng Trung ương về cụm, khối thi đua "
        "(chưa kiểm chứng văn bản)"
    ),
}


def seed_defaults(award_type_model, quota_model) -> None:
    """Create the missing default award types and the flag quota (models passed in, so that a
    migration can give its historical ones)."""
    for order, (code, name, kinds, level, heading) in enumerate(AWARD_TYPES, start=1):
        award_type_model.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "recipient_kinds": kinds,
                "level": level,
                "certificate_heading": heading,
                "legal_basis": LAW,
                "basis_verified": False,
                "order": order * 10,
            },
        )
    flag = award_type_model.objects.get(code="co-thi-dua-chinh-phu")
    if not quota_model.objects.filter(award_type=flag).exists():
        quota_model.objects.create(award_type=flag, **FLAG_QUOTA)


def default_codes() -> list[str]:
    return [row[0] for row in AWARD_TYPES]


# The award a passed ballot round proposes (scoring.BallotRound.Kind → AwardType.code). Rounds of
# other kinds (the next year's head and deputies) elect; they propose no award.
FLAG_CODE = "co-thi-dua-chinh-phu"
PM_CERTIFICATE_CODE = "bang-khen-thu-tuong"
AWARD_FOR_ROUND_KIND = {"flag": FLAG_CODE, "pm_certificate": PM_CERTIFICATE_CODE}
