"""/api/v1/: the read-only API (django-ninja: typed schemas, the OpenAPI schema generated).

Every operation: the token's client (clients.ClientToken, 401 problem otherwise), the resource
it may read (403), its clusters only (another cluster's data answers 404, as for people, and
lists leave it out), one audit event per call (client, resource, count).
"""

from __future__ import annotations

import json
import zipfile
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from awards.models import Decision, Proposal, Recipient
from awards.statistics import award_statistics
from campaigns.models import Covenant
from clusters.documents import store
from clusters.models import (
    ApiClient,
    Cluster,
    DossierBuild,
    EmulationYear,
    Membership,
    StoredDocument,
    Unit,
)
from config.api import clients, schemas
from config.api import sync as sync_
from config.api.problems import Problem
from config.api.problems import response as problem_response
from scoring import ballots, bulletin
from scoring.models import BallotRound, CriteriaSheet
from scoring.queries import year_ranking

DESCRIPTION = """Read-only access to the emulation clusters' data for organisations holding a
token issued by the administrator. See /api/v1/docs for tokens, paging, sync and errors."""


class ProblemAPI(NinjaAPI):
    """Its schema says what its errors are: application/problem+json (RFC 9457)."""

    def get_openapi_schema(self, *args, **kwargs):
        schema = super().get_openapi_schema(*args, **kwargs)
        for methods in schema["paths"].values():
            for operation in methods.values():
                for status, answer in operation.get("responses", {}).items():
                    content = answer.get("content", {})
                    if int(status) >= 400 and "application/json" in content:
                        body = content["application/json"]
                        answer["content"] = {"application/problem+json": body}
        return schema


api = ProblemAPI(
    title="Emulation clusters API",
    version="1.0",
    description=DESCRIPTION,
    urls_namespace="api_v1",
    openapi_url="/openapi.json",
    docs_url=None,
    auth=clients.ClientToken(),
)

ERRORS = {code: schemas.ProblemOut for code in (400, 401, 403, 404, 429)}


def _list(item: type, name: str) -> dict:
    return {200: schemas.page_of(item, name), **ERRORS}


def _one(item: type) -> dict:
    return {200: item, **ERRORS}


# --- errors: problem details ---------------------------------------------------------------


@api.exception_handler(Problem)
def _problem(request: HttpRequest, exc: Problem) -> HttpResponse:
    # A known client refused (403, 404, 400) is audited too; 401s have no client, and 429s
    # are not written (a flood would write a row per refused call).
    if isinstance(getattr(request, "auth", None), ApiClient) and exc.status in (400, 403, 404):
        match = request.resolver_match
        clients.record_call(request, match.url_name if match else "", 0, status=exc.status)
    return problem_response(request, exc)


@api.exception_handler(AuthenticationError)
def _no_token(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return problem_response(
        request,
        Problem(401, "unauthorized", clients.UNKNOWN, headers={"WWW-Authenticate": "Bearer"}),
    )


@api.exception_handler(NinjaValidationError)
def _invalid(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    names = sorted({str(e.get("loc", ["", "?"])[-1]) for e in exc.errors})
    return problem_response(
        request,
        Problem(
            400,
            "bad_request",
            _("Tham số không hợp lệ: %(names)s."),
            params={"names": ", ".join(names)},
        ),
    )


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return problem_response(request, NOT_FOUND)


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if exc.status_code == 404:
        return problem_response(request, NOT_FOUND)
    return problem_response(request, Problem(400, "bad_request", _("Yêu cầu không hợp lệ.")))


NOT_FOUND = Problem(404, "not_found", _("Không có dữ liệu này trong phạm vi của khóa truy cập."))


# --- scope -----------------------------------------------------------------------------------


def _years(
    request: HttpRequest, resource: str, cluster: str | None, year: int | None
) -> QuerySet[EmulationYear]:
    """The years the client reads for `resource`, narrowed by the query's cluster and year.
    A cluster outside the scope answers 404, exactly as one that does not exist."""
    ids = clients.cluster_ids(request, resource)
    years = EmulationYear.objects.filter(cluster_id__in=ids)
    if cluster is not None:
        if not Cluster.objects.filter(pk__in=ids, slug=cluster).exists():
            raise NOT_FOUND
        years = years.filter(cluster__slug=cluster)
    if year is not None:
        years = years.filter(year=year)
    return years


def _year(request: HttpRequest, resource: str, slug: str, year: int) -> EmulationYear:
    found = _years(request, resource, slug, year).select_related("cluster").first()
    if found is None:
        raise NOT_FOUND
    return found


def _visible_units(request: HttpRequest) -> QuerySet[Unit]:
    ids = clients.cluster_ids(request, "units")
    member = Membership.objects.filter(year__cluster_id__in=ids).values("unit_id")
    return Unit.objects.filter(pk__in=member)


def _unit(unit: Unit | None) -> dict[str, Any] | None:
    if unit is None:
        return None
    return {"slug": unit.slug, "name": unit.name, "admin_code": unit.admin_code}


def _decimal(value) -> str | None:
    return None if value is None else f"{value:.2f}"


def _document(stored: StoredDocument | None) -> dict[str, Any] | None:
    if stored is None:
        return None
    return {
        "code": stored.display_code,
        "sha256": stored.sha256,
        "size": stored.size,
        "url": reverse("api_v1:document_file", args=[stored.code]),
    }


def _stored(kind: str, objects: list) -> dict[int, StoredDocument]:
    """The stored document of each object (the newest version), by the object's id."""
    from django.contrib.contenttypes.models import ContentType

    if not objects:
        return {}
    found: dict[int, StoredDocument] = {}
    rows = StoredDocument.objects.filter(
        kind=kind,
        source_type=ContentType.objects.get_for_model(objects[0]),
        source_id__in=[o.pk for o in objects],
    ).order_by("version")
    for stored in rows:
        found[stored.source_id] = stored
    return found


def _paged(request, resource, rows, clock, item, *, updated_since, cursor, limit) -> dict:
    result = sync_.page(
        rows, clock, updated_since=updated_since, cursor=cursor, limit=limit, item=item
    )
    clients.record_call(request, resource, len(result.items))
    return result.as_dict()


# --- units and clusters ------------------------------------------------------------------


def _unit_item(unit: Unit) -> dict[str, Any]:
    return {
        "slug": unit.slug,
        "name": unit.name,
        "kind": unit.kind,
        "admin_code": unit.admin_code,
        "valid_from": unit.valid_from,
        "valid_to": unit.valid_to,
        "successors": [u.slug for u in unit.successors.all()],
        "predecessors": [u.slug for u in unit.predecessors.all()],
        "updated_at": unit.updated_at,
    }


@api.get("/units", response=_list(schemas.UnitOut, "UnitPage"), url_name="units", tags=["units"])
def units(
    request,
    updated_since: str | None = None,
    cursor: str | None = None,
    limit: int | None = None,
):
    """Units that have been members of a cluster in scope, with their successors (mergers)."""
    rows = _visible_units(request).prefetch_related("successors", "predecessors")
    return _paged(
        request,
        "units",
        rows,
        sync_.own_clock(Unit),
        _unit_item,
        updated_since=updated_since,
        cursor=cursor,
        limit=limit,
    )


@api.get("/units/{slug}", response=_one(schemas.UnitOut), url_name="unit", tags=["units"])
def unit(request, slug: str):
    found = (
        _visible_units(request)
        .filter(slug=slug)
        .annotate(updated_at=sync_.own_clock(Unit))
        .prefetch_related("successors", "predecessors")
        .first()
    )
    if found is None:
        raise NOT_FOUND
    clients.record_call(request, "units", 1)
    return _unit_item(found)


def _cluster_item(cluster: Cluster) -> dict[str, Any]:
    return {
        "slug": cluster.slug,
        "name": cluster.name,
        "kind": cluster.kind,
        "council": str(cluster.council or ""),  # a name (a council once they are rows)
        "years": sorted(y.year for y in cluster.years.all()),
        "updated_at": cluster.updated_at,
    }


@api.get(
    "/clusters",
    response=_list(schemas.ClusterOut, "ClusterPage"),
    url_name="clusters",
    tags=["clusters"],
)
def clusters_(
    request,
    updated_since: str | None = None,
    cursor: str | None = None,
    limit: int | None = None,
):
    """The clusters (cụm) and blocks (khối) of the token's scope."""
    ids = clients.cluster_ids(request, "clusters")
    rows = Cluster.objects.filter(pk__in=ids).prefetch_related("years")
    return _paged(
        request,
        "clusters",
        rows,
        sync_.own_clock(Cluster),
        _cluster_item,
        updated_since=updated_since,
        cursor=cursor,
        limit=limit,
    )


@api.get(
    "/clusters/{slug}", response=_one(schemas.ClusterOut), url_name="cluster", tags=["clusters"]
)
def cluster(request, slug: str):
    ids = clients.cluster_ids(request, "clusters")
    found = (
        Cluster.objects.filter(pk__in=ids, slug=slug)
        .annotate(updated_at=sync_.own_clock(Cluster))
        .prefetch_related("years")
        .first()
    )
    if found is None:
        raise NOT_FOUND
    clients.record_call(request, "clusters", 1)
    return _cluster_item(found)


# --- years -------------------------------------------------------------------------------


def _year_item(year: EmulationYear) -> dict[str, Any]:
    memberships = list(year.memberships.all())
    head = next((m.unit for m in memberships if m.role == Membership.Role.HEAD), None)
    return {
        "cluster": year.cluster.slug,
        "year": year.year,
        "phase": year.phase,
        "timeline": [
            {"phase": w.phase, "opens_on": w.opens_on, "due_on": w.due_on}
            for w in year.phase_windows.all()
        ],
        "head": _unit(head),
        "deputies": [_unit(m.unit) for m in memberships if m.role == Membership.Role.DEPUTY],
        "members": [{"unit": _unit(m.unit), "role": m.role} for m in memberships],
        "conference_date": year.conference_date,
        "conference_place": year.conference_place,
        "updated_at": year.updated_at,
    }


def _year_rows(years: QuerySet[EmulationYear]) -> QuerySet[EmulationYear]:
    return years.select_related("cluster").prefetch_related(
        Prefetch("memberships", queryset=Membership.objects.select_related("unit")),
        "phase_windows",
    )


@api.get("/years", response=_list(schemas.YearOut, "YearPage"), url_name="years", tags=["years"])
def years(
    request,
    cluster: str | None = None,
    year: int | None = None,
    updated_since: str | None = None,
    cursor: str | None = None,
    limit: int | None = None,
):
    """Emulation years: phase, timeline, head, deputies and members."""
    rows = _year_rows(_years(request, "years", cluster, year))
    return _paged(
        request,
        "years",
        rows,
        sync_.year_clock("pk"),
        _year_item,
        updated_since=updated_since,
        cursor=cursor,
        limit=limit,
    )


@api.get(
    "/clusters/{slug}/years/{year}",
    response=_one(schemas.YearOut),
    url_name="year",
    tags=["years"],
)
def year_detail(request, slug: str, year: int):
    found = _year_rows(_years(request, "years", slug, year)).annotate(
        updated_at=sync_.year_clock("pk")
    )
    item = found.first()
    if item is None:
        raise NOT_FOUND
    clients.record_call(request, "years", 1, year=item)
    return _year_item(item)


# --- criteria sheets and rankings --------------------------------------------------------


def _sheet_item(sheet: CriteriaSheet) -> dict[str, Any]:
    criteria = list(sheet.criteria.all())
    codes = {c.pk: c.code for c in criteria}
    return {
        "cluster": sheet.year.cluster.slug,
        "year": sheet.year.year,
        "version": sheet.version,
        "tie_breakers": sheet.tie_breaker_codes(),
        "criteria": [
            {
                "code": c.code,
                "parent": codes.get(c.parent_id),
                "position": c.position,
                "text": c.text,
                "kind": c.kind,
                "max_points": _decimal(c.max_points),
                "cap": _decimal(c.cap),
                "evidence_required": c.evidence_required,
            }
            for c in criteria
        ],
        "updated_at": sheet.updated_at,
    }


@api.get(
    "/criteria-sheets",
    response=_list(schemas.CriteriaSheetOut, "CriteriaSheetPage"),
    url_name="criteria_sheets",
    tags=["criteria"],
)
def criteria_sheets(
    request,
    cluster: str | None = None,
    year: int | None = None,
    updated_since: str | None = None,
    cursor: str | None = None,
    limit: int | None = None,
):
    """Each year's criteria sheet: the tree of criteria (parent by code), points and caps."""
    rows = (
        CriteriaSheet.objects.filter(year__in=_years(request, "criteria", cluster, year))
        .select_related("year__cluster")
        .prefetch_related("criteria")
    )
    return _paged(
        request,
        "criteria",
        rows,
        sync_.year_clock(),
        _sheet_item,
        updated_since=updated_since,
        cursor=cursor,
        limit=limit,
    )


def _ranking_item(year: EmulationYear) -> dict[str, Any]:
    ranking = year_ranking(year)
    codes = [s.code for s in ranking.sections]
    return {
        "cluster": year.cluster.slug,
        "year": year.year,
        "sections": codes,
        "tie_breakers": ranking.tie_breakers,
        "rows": [
            {
                "unit": _unit(row.unit),
                "rank": row.rank,
                "total": _decimal(row.total),
                "sections": {
                    code: _decimal(value) for code, value in zip(codes, row.sections, strict=False)
                },
                "decided_by": row.decided_by,
            }
            for row in ranking.rows
            if row.rank is not None  # finalised sheets only: a draft total is not a result
        ],
        "updated_at": year.updated_at,
    }


@api.get(
    "/rankings",
    response=_list(schemas.RankingOut, "RankingPage"),
    url_name="rankings",
    tags=["rankings"],
)
def rankings(
    request,
    cluster: str | None = None,
    year: int | None = None,
    updated_since: str | None = None,
    cursor: str | None = None,
    limit: int | None = None,
):
    """Final scores and ranking of each year (finalised sheets only), with the tie rule."""
    rows = _years(request, "rankings", cluster, year).select_related("cluster")
    return _paged(
        request,
        "rankings",
        rows,
        sync_.year_clock("pk"),
        _ranking_item,
        updated_since=updated_since,
        cursor=cursor,
        limit=limit,
    )


# --- covenants, rounds, proposals, decisions ---------------------------------------------


@api.get(
    "/covenants",
    response=_list(schemas.CovenantOut, "CovenantPage"),
    url_name="covenants",
    tags=["covenants"],
)
def covenants(
    request,
    cluster: str | None = None,
    year: int | None = None,
    updated_since: str | None = None,
    cursor: str | None = None,
    limit: int | None = None,
):
    """Every version of each year's covenant: state, signatories, the signed compact's hash."""
    rows = (
        Covenant.objects.filter(year__in=_years(request, "covenants", cluster, year))
        .select_related("year__cluster")
        .prefetch_related("signatures__unit")
    )
    stored: dict[int, StoredDocument] = {}

    def item(covenant: Covenant) -> dict[str, Any]:
        return {
            "id": covenant.pk,
            "cluster": covenant.year.cluster.slug,
            "year": covenant.year.year,
            "version": covenant.version,
            "state": covenant.state,
            "signing_place": covenant.signing_place,
            "signing_date": covenant.signing_date,
            "signed_at": covenant.signed_at,
            "signatories": [
                {
                    "unit": _unit(s.unit),
                    "full_name": s.full_name,
                    "title": s.title,
                    "signed_on": s.signed_on,
                    "method": s.method,
                }
                for s in covenant.signatures.all()
            ],
            "document": _document(stored.get(covenant.pk)),
            "updated_at": covenant.updated_at,
        }

    result = sync_.page(
        rows,
        sync_.year_clock(),
        updated_since=updated_since,
        cursor=cursor,
        limit=limit,
        item=lambda c: c,
    )
    stored.update(_stored(StoredDocument.Kind.COMPACT, result.items))
    result.items = [item(c) for c in result.items]
    clients.record_call(request, "covenants", len(result.items))
    return result.as_dict()


def _round_item(ballot_round: BallotRound) -> dict[str, Any]:
    tally = ballots.round_tally(ballot_round)
    published = ballots.round_bulletin(ballot_round, tally)
    return {
        "id": ballot_round.pk,
        "cluster": ballot_round.year.cluster.slug,
        "year": ballot_round.year.year,
        "kind": ballot_round.kind,
        "mode": ballot_round.mode,
        "seats": ballot_round.seats,
        "threshold": ballot_round.threshold,
        "closed_at": ballot_round.closed_at,
        "members": tally.members,
        "votes_needed": tally.votes_needed,
        "ballots_issued": tally.ballots_issued,
        "ballots_received": tally.received,
        "valid": tally.valid,
        "invalid": tally.invalid,
        "blank": tally.blank,
        "tally": [
            {
                "unit": _unit(row.unit),
                "votes": row.votes,
                "reaches_threshold": row.reaches_threshold,
                "elected": row.elected,
            }
            for row in tally.rows
        ],
        # Tallies and the bulletin's hash only: never a ballot, never who voted what.
        "bulletin_sha256": bulletin.sha256(published) if published is not None else None,
        "updated_at": ballot_round.updated_at,
    }


@api.get(
    "/rounds", response=_list(schemas.RoundOut, "RoundPage"), url_name="rounds", tags=["rounds"]
)
def rounds(
    request,
    cluster: str | None = None,
    year: int | None = None,
    updated_since: str | None = None,
    cursor: str | None = None,
    limit: int | None = None,
):
    """Closed ballot rounds: tallies and the bulletin's SHA-256 (no ballot, no voter)."""
    rows = BallotRound.objects.filter(
        year__in=_years(request, "rounds", cluster, year), state=BallotRound.State.CLOSED
    ).select_related("year__cluster")
    return _paged(
        request,
        "rounds",
        rows,
        sync_.year_clock(),
        _round_item,
        updated_since=updated_since,
        cursor=cursor,
        limit=limit,
    )


def _award(award_type) -> dict[str, Any]:
    return {"code": award_type.code, "name": award_type.name, "level": award_type.level}


@api.get(
    "/proposals",
    response=_list(schemas.ProposalOut, "ProposalPage"),
    url_name="proposals",
    tags=["proposals"],
)
def proposals(
    request,
    cluster: str | None = None,
    year: int | None = None,
    updated_since: str | None = None,
    cursor: str | None = None,
    limit: int | None = None,
):
    """Proposal letters sent to the superior (drafts are not published), with their units."""
    rows = (
        Proposal.objects.filter(year__in=_years(request, "proposals", cluster, year))
        .exclude(state=Proposal.State.DRAFT)
        .select_related("year__cluster", "award_type")
        .prefetch_related("items__unit")
    )
    result = sync_.page(
        rows,
        sync_.year_clock(),
        updated_since=updated_since,
        cursor=cursor,
        limit=limit,
        item=lambda p: p,
    )
    stored = _stored(StoredDocument.Kind.PROPOSAL, result.items)
    result.items = [
        {
            "id": p.pk,
            "cluster": p.year.cluster.slug,
            "year": p.year.year,
            "state": p.state,
            "number": p.number,
            "date": p.date,
            "award_type": _award(p.award_type),
            "signer_title": p.signer_title,
            "signer_name": p.signer_name,
            "decision_reference": p.decision_reference,
            "items": [
                {"unit": _unit(i.unit), "votes": i.votes, "share": i.share} for i in p.items.all()
            ],
            "document": _document(stored.get(p.pk)),
            "updated_at": p.updated_at,
        }
        for p in result.items
    ]
    clients.record_call(request, "proposals", len(result.items))
    return result.as_dict()


@api.get(
    "/decisions",
    response=_list(schemas.DecisionOut, "DecisionPage"),
    url_name="decisions",
    tags=["decisions"],
)
def decisions(
    request,
    cluster: str | None = None,
    year: int | None = None,
    updated_since: str | None = None,
    cursor: str | None = None,
    limit: int | None = None,
):
    """Award decisions of closed years (a decision is issued when its year closes), each with
    its recipients: award type, collective or individual, the recipient's unit."""
    rows = (
        Decision.objects.filter(
            year__in=_years(request, "decisions", cluster, year),
            year__phase=EmulationYear.Phase.CLOSED,
        )
        .select_related("year__cluster")
        .prefetch_related(
            Prefetch(
                "recipients",
                queryset=Recipient.objects.select_related("award_type", "unit").order_by(
                    "order", "pk"
                ),
            )
        )
    )
    result = sync_.page(
        rows,
        sync_.year_clock(),
        updated_since=updated_since,
        cursor=cursor,
        limit=limit,
        item=lambda d: d,
    )
    stored = _stored(StoredDocument.Kind.DECISION, result.items)
    result.items = [
        {
            "id": d.pk,
            "cluster": d.year.cluster.slug,
            "year": d.year.year,
            "issuer": d.issuer,
            "number": d.number,
            "date": d.date,
            "place": d.place,
            "signer_title": d.signer_title,
            "signer_name": d.signer_name,
            "recipients": [
                {
                    "id": r.pk,
                    "kind": r.kind,
                    "award_type": _award(r.award_type),
                    "name": r.name,
                    "position": r.position,
                    "organisation": r.organisation,
                    "unit": _unit(r.unit),
                    "order": r.order,
                }
                for r in d.recipients.all()
            ],
            "document": _document(stored.get(d.pk)),
            "updated_at": d.updated_at,
        }
        for d in result.items
    ]
    clients.record_call(request, "decisions", len(result.items))
    return result.as_dict()


# --- documents and the year's dossier ----------------------------------------------------


def _document_item(stored: StoredDocument) -> dict[str, Any]:
    return {
        "code": stored.display_code,
        "kind": stored.kind,
        "cluster": stored.year.cluster.slug,
        "year": stored.year.year,
        "version": stored.version,
        "filename": stored.filename,
        "content_type": stored.content_type,
        "size": stored.size,
        "sha256": stored.sha256,
        "created_at": stored.created_at,
        "url": reverse("api_v1:document_file", args=[stored.code]),
        "updated_at": stored.updated_at,
    }


def _documents(request, cluster=None, year=None) -> QuerySet[StoredDocument]:
    # The dossier's ZIP is its own resource ("dossier"), never reached through "documents".
    return (
        StoredDocument.objects.filter(year__in=_years(request, "documents", cluster, year))
        .exclude(kind=StoredDocument.Kind.DOSSIER)
        .select_related("year__cluster")
    )


@api.get(
    "/documents",
    response=_list(schemas.DocumentOut, "DocumentPage"),
    url_name="documents",
    tags=["documents"],
)
def documents(
    request,
    cluster: str | None = None,
    year: int | None = None,
    updated_since: str | None = None,
    cursor: str | None = None,
    limit: int | None = None,
):
    """Final documents as stored: metadata, SHA-256, and where to download the bytes."""
    return _paged(
        request,
        "documents",
        _documents(request, cluster, year),
        sync_.year_clock(),
        _document_item,
        updated_since=updated_since,
        cursor=cursor,
        limit=limit,
    )


def _document_by_code(request, code: str) -> StoredDocument:
    found = (
        _documents(request)
        .filter(code=store.normalise_code(code))
        .annotate(updated_at=sync_.year_clock())
        .first()
    )
    if found is None:
        raise NOT_FOUND
    return found


@api.get(
    "/documents/{code}",
    response=_one(schemas.DocumentOut),
    url_name="document",
    tags=["documents"],
)
def document(request, code: str):
    found = _document_by_code(request, code)
    clients.record_call(request, "documents", 1, year=found.year)
    return _document_item(found)


@api.get(
    "/documents/{code}/file",
    response={200: None, **ERRORS},
    url_name="document_file",
    tags=["documents"],
    openapi_extra={
        "responses": {
            "200": {
                "description": "The stored bytes; ETag and X-Document-SHA256 are their SHA-256",
                "content": {"application/octet-stream": {"schema": {"type": "string"}}},
            }
        }
    },
)
def document_file(request, code: str):
    found = _document_by_code(request, code)
    clients.record_call(request, "documents", 1, year=found.year)
    return store.serve(found, inline=False)


def _dossier(request, slug: str, year: int) -> tuple[EmulationYear, StoredDocument]:
    emulation_year = _year(request, "dossier", slug, year)
    builds = emulation_year.dossier_builds.filter(state=DossierBuild.State.DONE)
    for build in builds[:3]:  # the newest finished build that still has its ZIP
        from config.dossier import stored_dossier

        stored = stored_dossier(build)
        if stored is not None:
            return emulation_year, stored
    raise Problem(
        404,
        "not_found",
        _("Năm này chưa có hồ sơ năm đã tạo: %(secretary)s tạo hồ sơ trên trang “Hồ sơ năm”."),
        params={"secretary": emulation_year.cluster.ui_words.secretary},
    )


def _manifest(stored: StoredDocument) -> list[dict[str, Any]]:
    with stored.file.open("rb") as handle, zipfile.ZipFile(handle) as archive:
        manifest = json.loads(archive.read("manifest.json"))
    keys = ("path", "sha256", "size", "kind", "title", "date")
    return [{key: entry.get(key) for key in keys} for entry in manifest.get("files", [])]


@api.get(
    "/clusters/{slug}/years/{year}/dossier",
    response=_one(schemas.DossierOut),
    url_name="dossier",
    tags=["dossier"],
)
def dossier(request, slug: str, year: int):
    """The year's dossier (hồ sơ năm): the newest ZIP built, with its manifest of hashes."""
    emulation_year, stored = _dossier(request, slug, year)
    try:
        files = _manifest(stored)
    except (FileNotFoundError, KeyError, zipfile.BadZipFile, ValueError):
        raise NOT_FOUND from None
    clients.record_call(request, "dossier", len(files), year=emulation_year)
    return {
        "cluster": slug,
        "year": year,
        "code": stored.display_code,
        "filename": stored.filename,
        "size": stored.size,
        "sha256": stored.sha256,
        "built_at": stored.created_at,
        "url": reverse("api_v1:dossier_file", args=[slug, year]),
        "files": files,
    }


@api.get(
    "/clusters/{slug}/years/{year}/dossier/file",
    response={200: None, **ERRORS},
    url_name="dossier_file",
    tags=["dossier"],
    openapi_extra={
        "responses": {
            "200": {
                "description": "The dossier's ZIP as stored (manifest.json inside)",
                "content": {"application/zip": {"schema": {"type": "string"}}},
            }
        }
    },
)
def dossier_file(request, slug: str, year: int):
    emulation_year, stored = _dossier(request, slug, year)
    clients.record_call(request, "dossier", 1, year=emulation_year)
    return store.serve(stored, inline=False)


# --- statistics a board reports --------------------------------------------------------------


@api.get(
    "/statistics",
    response=_one(schemas.StatisticsOut),
    url_name="statistics",
    tags=["statistics"],
)
def statistics(request, year: int, cluster: str | None = None):
    """Awards of a calendar year by award type and by recipient kind (collective, individual),
    as the Bộ Nội vụ's statistical forms ask, over the clusters in scope (or one of them).
    Closed years only, as for decisions: an open year's decisions are not issued yet."""
    closed = _years(request, "statistics", cluster, year).filter(phase=EmulationYear.Phase.CLOSED)
    counted = {y.cluster_id: y.cluster.slug for y in closed.select_related("cluster")}
    result = award_statistics(clusters=list(counted), year=year).as_dict()
    result["clusters"] = sorted(counted.values())
    clients.record_call(request, "statistics", result["total"])
    return result
