"""The legal texts as documents print them: the seed's data and the citation of a "Căn cứ" line.

Document text (always Vietnamese, never translated); the rules that choose the texts are in
clusters/legal.py. What the repository's own sources confirm (the seed article of 21/03/2019
and ../shared/DESIGN.md) is named in each text's note; everything else is flagged unverified.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from clusters.documents.format import date_words

if TYPE_CHECKING:
    from clusters.models import LegalText

LAW, DECREE, CIRCULAR = "emulation_law", "decree", "circular"
KIND_WORDS = {
    "law": "Luật",
    "decree": "Nghị định",
    "circular": "Thông tư",
    "resolution": "Nghị quyết",
    "decision": "Quyết định",
}


def citation(text: LegalText) -> str:
    """How a "Căn cứ" line names a text (Nghị định 30/2020 style):

    "Luật Thi đua, khen thưởng số 06/2022/QH15 ngày 15 tháng 6 năm 2022";
    "Nghị định số 91/2017/NĐ-CP ngày 31 tháng 7 năm 2017 của Chính phủ quy định chi tiết …".
    """
    kind = KIND_WORDS.get(text.kind, text.kind)
    day = f" {date_words(text.issued_on)}" if text.issued_on else ""
    if text.kind == "law":
        return f"{kind} {text.title} số {text.number}{day}"
    issuer = f" của {text.issuer}" if text.issuer else ""
    return f"{kind} số {text.number}{day}{issuer} {text.title}".rstrip()


def d(day: int, month: int, year: int) -> datetime.date:
    return datetime.date(year, month, day)


_ARTICLE = "bài viết ngày 21/03/2019 (seeds/000_6a2b356a64c4720c.txt)"
# number, kind, purpose, issuer, title, issued on, in force from, in force until, amends,
# replaced by, clauses, verification note (everything not listed there was checked in the
# repository's own sources; no text is fully verified, so all are seeded unverified).
SEED: list[dict] = [
    {
        "number": "15/2003/QH11",
        "kind": "law",
        "purpose": LAW,
        "issuer": "Quốc hội",
        "title": "Thi đua, Khen thưởng",
        "issued_on": d(26, 11, 2003),
        "in_force_from": d(1, 1, 2004),
        "in_force_until": d(31, 12, 2023),
        "replaced_by": "06/2022/QH15",
        "verification_note": "Ngày thông qua, ngày có hiệu lực chưa đối chiếu văn bản gốc; ngày "
        "hết hiệu lực suy ra từ ngày Luật 06/2022/QH15 có hiệu lực.",
    },
    {
        "number": "47/2005/QH11",
        "kind": "law",
        "purpose": LAW,
        "issuer": "Quốc hội",
        "title": "sửa đổi, bổ sung một số điều của Luật Thi đua, Khen thưởng",
        "issued_on": d(14, 6, 2005),
        "in_force_from": d(1, 7, 2006),
        "in_force_until": d(31, 12, 2023),
        "amends": "15/2003/QH11",
        "replaced_by": "06/2022/QH15",
        "verification_note": "Ngày thông qua và ngày có hiệu lực chưa đối chiếu văn bản gốc.",
    },
    {
        "number": "39/2013/QH13",
        "kind": "law",
        "purpose": LAW,
        "issuer": "Quốc hội",
        "title": "sửa đổi, bổ sung một số điều của Luật Thi đua, Khen thưởng",
        "issued_on": d(16, 11, 2013),
        "in_force_from": d(1, 6, 2014),
        "in_force_until": d(31, 12, 2023),
        "amends": "15/2003/QH11",
        "replaced_by": "06/2022/QH15",
        "verification_note": "Ngày thông qua và ngày có hiệu lực chưa đối chiếu văn bản gốc.",
    },
    {
        "number": "06/2022/QH15",
        "kind": "law",
        "purpose": LAW,
        "issuer": "Quốc hội",
        "title": "Thi đua, khen thưởng",
        "issued_on": d(15, 6, 2022),
        "in_force_from": d(1, 1, 2024),
        "clauses": "Điều 25: Cờ thi đua của Chính phủ; đơn vị dẫn đầu cụm, khối thi đua do Hội "
        "đồng Thi đua - Khen thưởng Trung ương tổ chức (một đơn vị mỗi cụm, khối).",
        "verification_note": "Ngày có hiệu lực 01/01/2024 và Điều 25 theo DESIGN.md; ngày thông "
        "qua và nội dung Điều 25 chưa đối chiếu văn bản gốc.",
    },
    {
        "number": "91/2017/NĐ-CP",
        "kind": "decree",
        "purpose": DECREE,
        "issuer": "Chính phủ",
        "title": "quy định chi tiết thi hành một số điều của Luật Thi đua, khen thưởng",
        "issued_on": d(31, 7, 2017),
        "in_force_from": d(15, 9, 2017),
        "in_force_until": d(31, 12, 2023),
        "replaced_by": "98/2023/NĐ-CP",
        "clauses": "Điều 11 khoản 1: tập thể trong bộ, ngành, tỉnh: không quá 20% số tập thể "
        "dẫn đầu được đề nghị tặng Cờ thi đua của Chính phủ. Điều 11 khoản 2: cụm, khối do Hội "
        "đồng Thi đua - Khen thưởng Trung ương tổ chức: một đơn vị dẫn đầu.",
        "verification_note": f"Số và ngày ký theo {_ARTICLE}; Điều 11 khoản 1, 2 theo "
        "DESIGN.md. Ngày có hiệu lực và ngày hết hiệu lực chưa đối chiếu văn bản gốc.",
    },
    {
        "number": "98/2023/NĐ-CP",
        "kind": "decree",
        "purpose": DECREE,
        "issuer": "Chính phủ",
        "title": "quy định chi tiết thi hành một số điều của Luật Thi đua, khen thưởng",
        "issued_on": d(31, 12, 2023),
        "in_force_from": d(1, 1, 2024),
        "verification_note": "Ngày ký, ngày có hiệu lực, trích yếu và việc Nghị định 152/2025/"
        "NĐ-CP có thay thế hay chỉ sửa đổi Nghị định này chưa đối chiếu văn bản gốc.",
    },
    {
        "number": "152/2025/NĐ-CP",
        "kind": "decree",
        "purpose": DECREE,
        "issuer": "Chính phủ",
        "title": "về thi đua, khen thưởng (trích yếu chưa kiểm chứng)",
        "verification_note": "Chỉ biết số hiệu (DESIGN.md). Ngày ký, ngày có hiệu lực, trích "
        "yếu và quan hệ với Nghị định 98/2023/NĐ-CP chưa kiểm chứng: để trống nên chưa được "
        "trích dẫn; quản trị viên bổ sung khi đối chiếu văn bản gốc.",
    },
    {
        "number": "08/2017/TT-BNV",
        "kind": "circular",
        "purpose": CIRCULAR,
        "issuer": "Bộ Nội vụ",
        "title": "quy định chi tiết thi hành Nghị định số 91/2017/NĐ-CP",
        "issued_on": d(27, 10, 2017),
        "in_force_from": d(15, 12, 2017),
        "in_force_until": d(19, 12, 2019),
        "replaced_by": "12/2019/TT-BNV",
        "verification_note": f"Số và ngày ký theo {_ARTICLE}. Trích yếu, ngày có hiệu lực và "
        "ngày hết hiệu lực chưa đối chiếu văn bản gốc.",
    },
    {
        "number": "12/2019/TT-BNV",
        "kind": "circular",
        "purpose": CIRCULAR,
        "issuer": "Bộ Nội vụ",
        "title": "quy định chi tiết thi hành Nghị định số 91/2017/NĐ-CP",
        "issued_on": d(4, 11, 2019),
        "in_force_from": d(20, 12, 2019),
        "in_force_until": d(31, 12, 2023),
        "verification_note": "Ngày ký, ngày có hiệu lực, trích yếu và ngày hết hiệu lực (suy ra "
        "từ ngày Nghị định 91/2017/NĐ-CP hết hiệu lực) chưa đối chiếu văn bản gốc; văn bản thay "
        "thế chưa khai báo.",
    },
]
