"""The award decision (quyết định khen thưởng) as a document, in the format of Nghị định 30/2020.

Everything the decision prints is computed here from the recorded decision and its recipients,
then rendered by the shared path (clusters.documents) with templates/documents/decision.html:
the issuing body and its number, the date line, "QUYẾT ĐỊNH" and its subject, the issuer's title,
the "Căn cứ" lines for the decision's own date (clusters.legal), Điều 1 to 3, "Nơi nhận", the
signature block and the attached list of recipients, numbered, collectives and individuals under
their own headings. The template decides nothing. Text here is document text: always Vietnamese.

A decision carries no state of its own: it is a draft (watermarked "DỰ THẢO") while its year is
open, final once the year is closed. A decision without recipients has nothing to award and is
never printed (`has_recipients`; the view says why).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.text import slugify

from awards.models import AwardType, Decision, Recipient, RecipientKind
from clusters import wording
from clusters.documents import DocumentHeader, render_html, render_pdf, roman
from clusters.documents.format import date_words
from clusters.legal import basis_lines
from clusters.models import Unit
from clusters.text import fold

TEMPLATE = "documents/decision.html"
SAMPLE_NOTE = "(dữ liệu mẫu)"
NUMBER_PREFIX = "Số:"
# Titles that name a person of a body ("Chủ tịch Ủy ban nhân dân tỉnh Hà Nam"): what follows the
# title is the body that issues the decision.
PERSON_TITLES = ("Chủ tịch", "Thủ trưởng", "Bộ trưởng", "Giám đốc", "Trưởng ban", "Tổng cục trưởng")
PEOPLE_COMMITTEE = "Ủy ban nhân dân"  # how the catalogue's "UBND" reads in full
KIND_HEADINGS = {RecipientKind.COLLECTIVE: "Tập thể", RecipientKind.INDIVIDUAL: "Cá nhân"}


@dataclass(frozen=True)
class ListRow:
    number: int
    name: str
    position: str
    organisation: str
    note: str  # "(dữ liệu mẫu)" on a sample row of a list that is not all samples


@dataclass(frozen=True)
class ListGroup:
    heading: str  # "I. TẬP THỂ"
    rows: list[ListRow]


@dataclass(frozen=True)
class Issuer:
    """Who issues the decision, as the document prints it."""

    body_lines: list[str]  # the issuing body, top left: ["ỦY BAN NHÂN DÂN", "TỈNH HÀ NAM"]
    title: str  # above the "Căn cứ" lines: "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH HÀ NAM"
    name: str  # in running text: "Chủ tịch Ủy ban nhân dân tỉnh Hà Nam"
    short_name: str  # the body alone: "Ủy ban nhân dân tỉnh"
    unit: Unit | None
    collective: bool  # the body itself issues (signed "TM."), not its head in person
    wording: wording.UnitWording | None = None  # the unit's (clusters/wording.py)


def has_recipients(decision: Decision) -> bool:
    return decision.recipients.exists()


def is_draft(decision: Decision) -> bool:
    """No issued state is recorded: a decision of an open year may still change."""
    return not decision.year.is_closed


def _issuer_unit(decision: Decision) -> Unit | None:
    """The member unit the issuer names ("… tỉnh Hà Nam", "… Bộ Nội vụ"), else the year's head."""
    memberships = list(decision.year.memberships.select_related("unit"))
    issuer = fold(decision.issuer)

    def names(unit: Unit) -> list[str]:
        return [n for n in (unit.administrative_name, unit.body_name, unit.name) if n]

    named = [
        (len(name), m.unit) for m in memberships for name in names(m.unit) if fold(name) in issuer
    ]
    if named:
        return max(named, key=lambda pair: pair[0])[1]
    heads = [m.unit for m in memberships if m.role == m.Role.HEAD]
    return heads[0] if heads else None


issuer_unit = _issuer_unit  # the issuer check of awards/services.py and awards/certificates.py


def _split_person(issuer: str, titles: Iterable[str] = ()) -> tuple[str, str]:
    """ "Chủ tịch Ủy ban nhân dân tỉnh Hà Nam" -> ("Chủ tịch", "Ủy ban nhân dân tỉnh Hà Nam")."""
    for title in sorted({*PERSON_TITLES, *titles}, key=len, reverse=True):
        head, rest = issuer[: len(title)], issuer[len(title) :]
        if fold(head) == fold(title) and rest.startswith(" "):
            return head, rest.strip()
    return "", issuer


def issuer_of(decision: Decision) -> Issuer:
    name = " ".join(decision.issuer.split())
    unit = _issuer_unit(decision)
    words = wording.for_unit(unit) if unit is not None else None
    person, body = _split_person(name, [words.head_title] if words else [])
    if words is not None and words.kind.council:
        # A People's Committee: its lines, whatever shortening the issuer's text uses.
        body_lines = words.body_lines
        short_name = words.council_short
        if fold(words.kind.council) not in fold(body):
            body = words.body
    elif words is not None and fold(words.full_name) in fold(body):
        body_lines = words.body_lines
        short_name = words.council_short
    else:
        body_lines = [body.upper()]
        short_name = body
    return Issuer(
        body_lines=body_lines,
        title=name.upper(),
        name=name,
        short_name=short_name,
        unit=unit,
        # The body itself issues, signed "TM.", only where a council leads (a People's
        # Committee); a ministry's decision is its minister's whatever the text says.
        collective=not person and (words is None or bool(words.kind.council)),
        wording=words,
    )


def award_phrase(award: AwardType) -> str:
    """The award as a document names it: "Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh"."""
    return award.name.replace("UBND", PEOPLE_COMMITTEE)


def _counted(collectives: int, individuals: int) -> str:
    """ "7 tập thể và 15 cá nhân"; a group with nobody in it is not named."""
    parts = []
    if collectives:
        parts.append(f"{collectives} tập thể")
    if individuals:
        parts.append(f"{individuals} cá nhân")
    return " và ".join(parts)


def _awards_in_order(recipients: list[Recipient]) -> list[AwardType]:
    awards = {r.award_type_id: r.award_type for r in recipients}
    return sorted(awards.values(), key=lambda a: (a.order, a.name))


def award_clauses(recipients: list[Recipient]) -> list[str]:
    """One clause per award of Điều 1: "Bằng khen của … cho 7 tập thể và 15 cá nhân"."""
    clauses = []
    for award in _awards_in_order(recipients):
        mine = [r for r in recipients if r.award_type_id == award.pk]
        collectives = sum(r.kind == RecipientKind.COLLECTIVE for r in mine)
        clauses.append(
            f"{award_phrase(award)} cho {_counted(collectives, len(mine) - collectives)}"
        )
    return clauses


def _lower_first(text: str) -> str:
    text = " ".join(text.split()).rstrip(".;")
    return text[:1].lower() + text[1:] if text else ""


def subject(recipients: list[Recipient]) -> str:
    """The trích yếu: "Về việc tặng Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh"."""
    names = [award_phrase(a) for a in _awards_in_order(recipients)]
    return "Về việc tặng " + (
        ", ".join(names[:-1]) + " và " + names[-1] if len(names) > 1 else names[0]
    )


def list_groups(recipients: list[Recipient], *, row_notes: bool = True) -> list[ListGroup]:
    """The attached list: per award (when there are several), collectives then individuals, each
    group numbered from 1 under its heading (I, II, …)."""
    awards = _awards_in_order(recipients)
    groups: list[ListGroup] = []
    for award in awards:
        for kind in (RecipientKind.COLLECTIVE, RecipientKind.INDIVIDUAL):
            mine = [r for r in recipients if r.award_type_id == award.pk and r.kind == kind]
            if not mine:
                continue
            heading = KIND_HEADINGS[kind]
            if len(awards) > 1:
                heading = f"{heading} được tặng {award_phrase(award)}"
            rows = [
                ListRow(
                    number=index,
                    name=r.name,
                    position=r.position,
                    organisation=r.organisation,
                    note=SAMPLE_NOTE if row_notes and r.is_sample else "",
                )
                for index, r in enumerate(mine, start=1)
            ]
            groups.append(ListGroup(f"{roman(len(groups) + 1)}. {heading.upper()}", rows))
    return groups


def legal_basis(decision: Decision) -> list[str]:
    """The "Căn cứ" lines: the texts in force on the decision's own date (clusters.legal)."""
    return basis_lines(decision.date)


def _by_kind(issuer: Issuer) -> dict[str, str]:
    """What depends on the issuer's kind (clusters/wording.py): who proposes, who executes, who
    receives a copy."""
    if issuer.wording is not None:
        words = issuer.wording
        return {
            "proposed_by": f"Xét đề nghị của {words.fill(words.kind.proposer)}.",
            "executors": (
                f"{words.fill(words.kind.executors)}, Thủ trưởng các cơ quan, đơn vị có liên quan"
            ),
            "leaders": f"{words.fill(words.kind.leaders)};",
            "archive": f"Lưu: {words.kind.archive}.",
        }
    return {
        "proposed_by": "Xét đề nghị của Thủ trưởng đơn vị làm công tác thi đua, khen thưởng.",
        "executors": (
            f"Chánh Văn phòng {issuer.short_name}, Thủ trưởng các cơ quan, đơn vị có liên quan"
        ),
        "leaders": f"Lãnh đạo {issuer.short_name};",
        "archive": "Lưu: VT.",
    }


def _who(recipients: list[Recipient]) -> str:
    """ "tập thể, cá nhân", or the one kind the decision awards."""
    kinds = {r.kind for r in recipients}
    words = [KIND_HEADINGS[k].lower() for k in KIND_HEADINGS if k in kinds]
    return ", ".join(words)


def article_1(recipients: list[Recipient], achievement: str) -> str:
    """ "Tặng Bằng khen … cho 7 tập thể và 15 cá nhân (có danh sách kèm theo), đã có …"."""
    text = f"Tặng {'; '.join(award_clauses(recipients))} (có danh sách kèm theo)"
    achievement = _lower_first(achievement)
    return f"{text}, {achievement}." if achievement else f"{text}."


def article_2(money: str) -> str:
    """The award money where the catalogue records it, then when the decision takes effect.

    The catalogue records no amount (AwardType has no such field), so `money` is empty today.
    """
    effect = "Quyết định này có hiệu lực kể từ ngày ký."
    return f"{money} {effect}" if money else effect


def article_3(executors: str) -> str:
    return (
        f"{executors} và các tập thể, cá nhân có tên tại Điều 1 chịu trách nhiệm thi hành "
        "Quyết định này./."
    )


def decision_context(decision: Decision) -> dict[str, Any]:
    recipients = list(decision.recipients.select_related("award_type"))
    year = decision.year
    issuer = issuer_of(decision)
    by_kind = _by_kind(issuer)
    all_samples = bool(recipients) and all(r.is_sample for r in recipients)
    titles = [line.strip().upper() for line in decision.signer_title.splitlines() if line.strip()]
    authority = ""
    if issuer.collective and not (titles and titles[0].startswith("TM.")):
        authority = f"TM. {issuer.short_name.upper()}"
    awards = ", ".join(award_phrase(a) for a in _awards_in_order(recipients))
    return {
        "header": DocumentHeader(
            issuer=" ".join(issuer.body_lines),
            place=decision.place,
            date=decision.date,
            number=f"{NUMBER_PREFIX} {decision.number}",
        ),
        "issuer_lines": issuer.body_lines,
        "draft": is_draft(decision),
        "subject": subject(recipients),
        "issuer_title": issuer.title,
        "legal_basis": legal_basis(decision),
        "proposed_by": by_kind["proposed_by"],
        "article_1": article_1(recipients, decision.achievement),
        "article_2": article_2(money=""),
        "article_3": article_3(by_kind["executors"]),
        "closing_recipients": [
            "Như Điều 3;",
            by_kind["leaders"],
            f"Các đơn vị thành viên {year.cluster.name};",
            by_kind["archive"],
        ],
        "authority": authority,
        "signer_titles": titles,
        "signer_name": decision.signer_name,
        "closing_note": SAMPLE_NOTE if decision.is_sample or all_samples else "",
        "list_heading": "Danh sách",
        # Two lines, so that the award's name is never cut ("… CỦA CHỦ TỊCH ỦY / BAN …").
        "list_title": [f"{_who(recipients)} được tặng".upper(), awards.upper()],
        "list_reference": (
            f"(Kèm theo Quyết định số {decision.number} {date_words(decision.date)} "
            f"của {issuer.name})"
        ),
        "list_note": SAMPLE_NOTE if all_samples else "",
        "groups": list_groups(recipients, row_notes=not all_samples),
    }


def decision_html(decision: Decision) -> str:
    return render_html(TEMPLATE, decision_context(decision))


def decision_pdf(decision: Decision) -> bytes:
    return render_pdf(TEMPLATE, decision_context(decision))


def decision_filename(decision: Decision) -> str:
    year = decision.year
    number = slugify(fold(decision.number).replace("/", "-")) or str(decision.pk)
    return f"quyet-dinh-{year.cluster.slug}-{year.year}-{number}.pdf"
