"""What the public results page of a published year shows, gathered from the four apps.

Only what is final and meant for the public: the members and their roles that year (the unit
rows of that year, so old names stay), the ranking of finalised sheets with its chart and the
rule that decided it, the signed compact with its signatories, the conference report, the award
decisions with their recipients, and each stored document with its code. Never drafts,
evidence, adjustments, ballots or anything about accounts: the page reads no such table.

It lives in config/ because it composes every app (as config/year.py does); the apps stay
unaware of it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from awards.models import AwardType, Decision, Recipient, RecipientKind
from campaigns.models import Conference, Covenant
from clusters.documents import store
from clusters.models import Cluster, EmulationYear, Membership, StoredDocument, Unit
from scoring.queries import Ranking, year_ranking
from scoring.report import ranking_chart

# The kinds of stored document the public page offers; minutes (per-round tallies), proposal
# letters and the dossier stay with the cluster.
PUBLIC_KINDS = (
    StoredDocument.Kind.COMPACT,
    StoredDocument.Kind.REPORT,
    StoredDocument.Kind.DECISION,
)

# Cluster.words are the documents' (Vietnamese) words; the page translates them, so their
# msgids are marked here for the catalogue.
ROLE_WORDS = (
    gettext_noop("Cụm trưởng"),
    gettext_noop("Cụm phó"),
    gettext_noop("Khối trưởng"),
    gettext_noop("Khối phó"),
)


def verify_url(display_code: str) -> str:
    """The verification page of a document code (the sealing of documents' `verify_code`, which
    its QR codes lead to too); its path where an installation lacks that page."""
    try:
        return reverse("verify_code", args=[display_code])
    except NoReverseMatch:
        return f"/kiem-tra/{display_code}/"


@dataclass(frozen=True)
class PublicDocument:
    label: str
    filename: str
    code: str
    display_code: str
    sha256: str
    size: int
    verify_url: str
    download_url: str


@dataclass(frozen=True)
class Member:
    unit: Unit
    role: str  # the cluster's word for the role, translated
    is_head: bool
    is_deputy: bool


@dataclass(frozen=True)
class Signatory:
    unit_name: str
    full_name: str
    title: str
    signed_on: object
    is_sample: bool


@dataclass(frozen=True)
class RecipientGroup:
    award: str
    kind_label: str
    recipients: list[Recipient]


@dataclass
class PublicDecision:
    decision: Decision
    groups: list[RecipientGroup]
    count: int
    collectives: int
    individuals: int
    document: PublicDocument | None


@dataclass
class PublicYear:
    cluster: Cluster
    year: EmulationYear
    cluster_word: str
    head_word: str
    deputy_word: str
    members: list[Member]
    heads: list[Unit]
    deputies: list[Unit]
    ranking: Ranking
    ranked: list  # the ranking's rows with a final total
    chart: str
    tie_rule: str
    compact: Covenant | None
    signatories: list[Signatory]
    compact_document: PublicDocument | None
    conference: Conference | None
    report_document: PublicDocument | None
    decisions: list[PublicDecision] = field(default_factory=list)
    is_sample: bool = False


def published_years(cluster: Cluster):
    return cluster.years.filter(published_at__isnull=False, phase=EmulationYear.Phase.CLOSED)


def _document(stored: StoredDocument | None, label: str, year: EmulationYear) -> PublicDocument:
    if stored is None:
        return None
    return PublicDocument(
        label=label,
        filename=stored.filename,
        code=stored.code,
        display_code=stored.display_code,
        sha256=stored.sha256,
        size=stored.size,
        verify_url=verify_url(stored.display_code),
        download_url=reverse("public:document", args=[year.cluster.slug, year.year, stored.code]),
    )


def tie_rule(ranking: Ranking) -> str:
    text = _("Xếp theo tổng điểm sau thẩm định, từ cao xuống thấp; bằng điểm thì đồng hạng")
    if ranking.tie_breakers:
        text += ", " + _("trừ khi tiêu chí phụ phân định (điểm các mục %(codes)s)") % {
            "codes": ", ".join(ranking.tie_breakers)
        }
    return text + "."


def _groups(recipients: list[Recipient]) -> list[RecipientGroup]:
    """As the decision's attached list: per award (the catalogue's order), collectives first."""
    awards: dict[int, AwardType] = {r.award_type_id: r.award_type for r in recipients}
    groups = []
    for award in sorted(awards.values(), key=lambda a: (a.order, a.name)):
        for kind in (RecipientKind.COLLECTIVE, RecipientKind.INDIVIDUAL):
            mine = [r for r in recipients if r.award_type_id == award.pk and r.kind == kind]
            if mine:
                groups.append(RecipientGroup(award.name, str(RecipientKind(kind).label), mine))
    return groups


def public_year(year: EmulationYear) -> PublicYear:
    """Everything the page prints, computed once (the page caches the rendered result)."""
    cluster = year.cluster
    words = cluster.words
    stored = {
        (d.kind, d.source_type.model, d.source_id): d
        for d in StoredDocument.objects.filter(year=year, kind__in=PUBLIC_KINDS).select_related(
            "source_type"
        )
    }

    memberships = list(year.memberships.select_related("unit").order_by("unit__name"))
    role_words = {
        Membership.Role.HEAD: _(words.head),
        Membership.Role.DEPUTY: _(words.deputy),
        Membership.Role.MEMBER: _("Thành viên"),
    }
    members = [
        Member(
            unit=m.unit,
            role=role_words.get(m.role, _("Thành viên")),
            is_head=m.role == Membership.Role.HEAD,
            is_deputy=m.role == Membership.Role.DEPUTY,
        )
        for m in memberships
    ]
    members.sort(key=lambda m: (not m.is_head, not m.is_deputy, m.unit.search_name))

    ranking = year_ranking(year)
    ranked = [row for row in ranking.rows if row.total is not None]

    compact = (
        Covenant.objects.filter(year=year, state=Covenant.State.SIGNED).order_by("-version").first()
    )
    signatories = []
    compact_document = None
    if compact is not None:
        signatories = [
            Signatory(s.unit.name, s.full_name, s.title, s.signed_on, s.is_sample)
            for s in compact.signatures.select_related("unit").order_by("unit__name")
        ]
        document = next(
            (
                d
                for (kind, model, pk), d in stored.items()
                if kind == StoredDocument.Kind.COMPACT
                and model == "covenant"
                and pk == compact.pk
                and d.version == compact.version
            ),
            None,
        )
        compact_document = _document(document, _("Giao ước thi đua đã ký"), year)

    conference = Conference.objects.filter(year=year).first()
    report = stored.get((StoredDocument.Kind.REPORT, "emulationyear", year.pk))
    report_document = _document(report, _("Báo cáo tổng kết"), year)

    decisions = []
    recipients = Recipient.objects.select_related("award_type").order_by("order", "pk")
    for decision in (
        Decision.objects.filter(year=year)
        .prefetch_related(Prefetch("recipients", queryset=recipients))
        .order_by("date", "number", "pk")
    ):
        people = list(decision.recipients.all())
        if not people:  # awards nothing, never printed nor frozen
            continue
        document = stored.get((StoredDocument.Kind.DECISION, "decision", decision.pk))
        decisions.append(
            PublicDecision(
                decision=decision,
                groups=_groups(people),
                count=len(people),
                collectives=sum(r.kind == RecipientKind.COLLECTIVE for r in people),
                individuals=sum(r.kind == RecipientKind.INDIVIDUAL for r in people),
                document=_document(document, str(decision), year),
            )
        )

    return PublicYear(
        cluster=cluster,
        year=year,
        cluster_word=str(Cluster.Kind(cluster.kind).label),
        head_word=role_words[Membership.Role.HEAD],
        deputy_word=role_words[Membership.Role.DEPUTY],
        members=members,
        heads=[m.unit for m in members if m.is_head],
        deputies=[m.unit for m in members if m.is_deputy],
        ranking=ranking,
        ranked=ranked,
        chart=ranking_chart(year, ranking),
        tie_rule=tie_rule(ranking),
        compact=compact,
        signatories=signatories,
        compact_document=compact_document,
        conference=conference,
        report_document=report_document,
        decisions=decisions,
        is_sample=any(row.assessment is not None and row.assessment.is_sample for row in ranked)
        or any(d.decision.is_sample for d in decisions)
        or any(s.is_sample for s in signatories),
    )


def public_document(year: EmulationYear, code: str) -> StoredDocument | None:
    """A stored document of the year that the page offers (by its code), else None."""
    return StoredDocument.objects.filter(
        year=year, kind__in=PUBLIC_KINDS, code=store.normalise_code(code)
    ).first()
