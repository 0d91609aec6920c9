"""The award catalogue's defaults from Luật Thi đua, khen thưởng 06/2022/QH15 (what concerns
clusters), the Government flag's quotas by route, and the functions that fill them in.

Used by the data migrations (with historical models) and by the demo loader and the test
fixtures, which re-fill a catalogue emptied by a test database flush (`seed_defaults` seeds the
legal texts first: they are the quotas' sources). It only creates what is missing: an
administrator's changes are never overwritten. Article numbers have not been checked against
the law's text, so every entry says so; an administrator completes them in the admin. The
letters' "Căn cứ" lines do not come from here but from the legal texts in force on the
letter's date (clusters/legal.py).
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
    # Added after the first catalogue (migration 0010): a centrally-run city's and a minister's
    # own certificates of merit.
    ("bang-khen-chu-tich-ubnd-thanh-pho", "Bằng khen của Chủ tịch UBND thành phố", "both",
     "province", "TẶNG BẰNG KHEN"),
    ("bang-khen-bo-truong", "Bằng khen của Bộ trưởng", "both", "province", "TẶNG BẰNG KHEN"),
]  # fmt: skip

# Which kinds of issuing unit (Unit.Kind) may grant each award (Luật 06/2022/QH15, the
# competence to award; unverified like the rest). None of them grants the Government's flag,
# the Prime Minister's certificate or the national emulation fighter: those go up as proposals.
# The grassroots titles are granted by the heads of a unit's own departments, whatever its kind.
ALL_KINDS = ("province", "city", "agency", "party", "mass_organisation")
ISSUER_KINDS = {
    "co-thi-dua-cap-tinh": ("province", "city"),
    "bang-khen-chu-tich-ubnd-tinh": ("province",),
    "bang-khen-chu-tich-ubnd-thanh-pho": ("city",),
    "bang-khen-bo-truong": ("agency",),
    "tap-the-lao-dong-xuat-sac": ("province", "city", "agency"),
    "chien-si-thi-dua-cap-tinh": ("province", "city"),
    "giay-khen": ALL_KINDS,
    "chien-si-thi-dua-co-so": ALL_KINDS,
}

CENTRAL = "central_cluster"
WITHIN = "within"

# The flag's quotas by route (DESIGN.md, "Awards from the law"): a cluster organised by the
# central council proposes ONE leading unit (Nghị định 91/2017 Điều 11 khoản 2, then Luật
# 06/2022/QH15 Điều 25); the "not more than 20 %" of khoản 1 is for collectives inside a
# ministry or province. Which one applies on a date is its source's period in force. The
# clauses come from DESIGN.md, not from the texts themselves: seeded unverified.
FLAG_QUOTAS = [
    {
        "route": CENTRAL,
        "rule": "Mỗi cụm, khối thi đua do Hội đồng Thi đua - Khen thưởng Trung ương tổ chức đề "
        "nghị một đơn vị dẫn đầu",
        "share": None,
        "max_units": 1,
        "base": "leading_units",
        "source": "91/2017/NĐ-CP",
        "clause": "Điều 11 khoản 2",
    },
    {
        "route": CENTRAL,
        "rule": "Mỗi cụm, khối thi đua do Hội đồng Thi đua - Khen thưởng Trung ương tổ chức đề "
        "nghị một đơn vị dẫn đầu",
        "share": None,
        "max_units": 1,
        "base": "leading_units",
        "source": "06/2022/QH15",
        "clause": "Điều 25",
    },
    {
        "route": WITHIN,
        "rule": "Không quá 20% số tập thể được bình xét dẫn đầu phong trào thi đua của bộ, "
        "ngành, tỉnh",
        "share": Decimal("0.200"),
        "max_units": None,
        "base": "leading_units",
        "source": "91/2017/NĐ-CP",
        "clause": "Điều 11 khoản 1",
    },
]


def quota_basis(number: str, clause: str) -> str:
    return f"{clause} {number} (chưa kiểm chứng điều khoản)"


def seed_award_types(award_type_model) -> None:
    """Create the missing default award types (a migration gives its historical model)."""
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


def seed_issuers(award_type_model, wording_model) -> None:
    """Give the default award types their issuer kinds, where an award has none yet (an
    administrator's choice stays). The kinds' rows are created first if a flush emptied them."""
    from clusters.wording import seed_wordings

    seed_wordings(wording_model)
    kinds = {row.kind: row for row in wording_model.objects.all()}
    for code, allowed in ISSUER_KINDS.items():
        award = award_type_model.objects.filter(code=code).first()
        if award is None or award.issuer_kinds.exists():
            continue
        award.issuer_kinds.set([kinds[kind] for kind in allowed if kind in kinds])


def may_grant(issuer_kinds: set[str], issuer_kind: str | None) -> bool:
    """Whether an issuer of that unit kind may grant an award granted by `issuer_kinds`. An issuer
    no unit stands for (a year without members) is not judged here."""
    return issuer_kind is None or issuer_kind in issuer_kinds


def seed_quotas(award_type_model, quota_model, legal_text_model) -> None:
    """Create the flag's missing quotas by route, each with its source text. A quota is missing
    when no quota of that route cites that text (an administrator's edits stay)."""
    flag = award_type_model.objects.filter(code=FLAG_CODE).first()
    if flag is None:
        return
    for row in FLAG_QUOTAS:
        source = legal_text_model.objects.filter(number=row["source"]).first()
        if source is None:
            continue
        exists = quota_model.objects.filter(award_type=flag, route=row["route"], source=source)
        if exists.exists():
            continue
        fields = {k: v for k, v in row.items() if k != "source"}
        quota_model.objects.create(
            award_type=flag,
            source=source,
            legal_basis=quota_basis(row["source"], row["clause"]),
            basis_verified=False,
            **fields,
        )


def seed_defaults(award_type_model, quota_model, legal_text_model=None) -> None:
    """The legal texts, the award types with their issuers and the flag's quotas (the demo loader
    and the test fixtures call it after a flush; models may be passed in)."""
    from clusters.legal import seed_texts

    if legal_text_model is None:
        from clusters.models import LegalText as legal_text_model
    from clusters.models import UnitKindWording

    seed_texts(legal_text_model)
    seed_award_types(award_type_model)
    seed_issuers(award_type_model, UnitKindWording)
    seed_quotas(award_type_model, quota_model, legal_text_model)


def default_codes() -> list[str]:
    return [row[0] for row in AWARD_TYPES]


# The award a passed ballot round proposes (scoring.BallotRound.Kind → AwardType.code). Rounds of
# other kinds (the next year's head and deputies) elect; they propose no award.
FLAG_CODE = "co-thi-dua-chinh-phu"
PM_CERTIFICATE_CODE = "bang-khen-thu-tuong"
AWARD_FOR_ROUND_KIND = {"flag": FLAG_CODE, "pm_certificate": PM_CERTIFICATE_CODE}
