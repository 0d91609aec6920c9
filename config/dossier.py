"""The year's dossier (hồ sơ năm thi đua): every document of one emulation year in one ZIP.

Read `PARTS` top to bottom: which documents the dossier holds, in the order the year made them,
each in its folder. Like config/year.py this is the one module that imports every app; each
part only lists the year's documents (path, kind, date) with a way to render each one, through
the app's own document code, so the dossier prints exactly what the app's pages print.

`build_dossier` writes the ZIP into a file it is given: one document rendered at a time, written
and hashed, then dropped, so the PDFs never sit in memory together; a document that fails stops
the build (the caller throws the half-written file away). `manifest.json` lists every file with
its SHA-256, its own date (ISO) and its kind, then the cluster, the year and when it was built.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import logging
import tempfile
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import IO, Any

from django.core.files import File
from django.db import transaction
from django.utils import timezone, translation
from django.utils.functional import Promise, lazy
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django_tasks import task

from awards.certificate_jobs import decision_certificates_pdf
from awards.decision_documents import decision_pdf
from awards.decision_documents import is_draft as decision_is_draft
from awards.documents import proposal_pdf
from awards.models import Decision, Proposal
from campaigns.documents import compact_pdf
from campaigns.models import Conference, Covenant
from campaigns.report import report_context
from clusters import audit, seal
from clusters.documents import render_pdf, store
from clusters.models import DossierBuild, EmulationYear, StoredDocument, User
from clusters.services import delete_file_on_commit
from scoring.documents import minutes_context
from scoring.models import BallotRound, CriteriaSheet
from scoring.queries import consolidated_table

logger = logging.getLogger(__name__)

MANIFEST = "manifest.json"
FORMAT = "cumthidua-dossier/1"


class DossierError(Exception):
    """A document of the dossier could not be made: nothing is delivered."""


@dataclass(frozen=True)
class DossierFile:
    """One file of the dossier, listed before anything is rendered (the page shows the list)."""

    path: str  # ASCII, in its folder: "bien-ban/bien-ban-kiem-phieu-2018-01-flag.pdf"
    kind: str  # "compact", "report", "minutes", "proposal", "certificates", "scores"
    title: str | Promise  # what it is, in the reader's language (Vietnamese in the manifest)
    date: datetime.date | None  # the document's own date; None for an undated draft
    render: Callable[[], bytes]
    status: str = ""  # "signed", "draft", "sent"…: the document's own state, when it has one
    extra: tuple[tuple[str, Any], ...] = ()  # more manifest fields: ("version", 2), ("count", 22)


# "đ" and "Đ" (U+0111, U+0110) have no decomposition: NFKD alone would drop them.
_UNDECOMPOSED = {0x0111: "d", 0x0110: "D"}


def ascii_slug(text: str) -> str:
    """ "412/QĐ-UBND" -> "412-qd-ubnd": Vietnamese letters without their marks ("đ" too)."""
    text = text.translate(_UNDECOMPOSED).replace("/", "-").replace("_", "-")
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return slugify(text)


def _title(message: str, **values: object) -> Promise:
    """A title in the language of whoever reads it (Vietnamese in the manifest); a callable
    value (a choice's label) is asked then too."""

    def text() -> str:
        resolved = {key: value() if callable(value) else value for key, value in values.items()}
        return _(message) % resolved if resolved else _(message)

    return lazy(text, str)()


# --- The parts, in the order the year makes them ---------------------------------------------


def compact_versions(year: EmulationYear) -> list[DossierFile]:
    """Every version of the covenant: the signed ones, and the current draft marked as such."""
    files = []
    for covenant in Covenant.objects.filter(year=year).order_by("version"):
        covenant.year = year
        signed = covenant.is_signed
        suffix = "" if signed else "-du-thao"
        files.append(
            DossierFile(
                path=f"giao-uoc/giao-uoc-{year.year}-v{covenant.version}{suffix}.pdf",
                kind="compact",
                title=_title(
                    gettext_noop("Giao ước thi đua, phiên bản %(version)d"),
                    version=covenant.version,
                ),
                date=covenant.signing_date,
                render=_stored_or(
                    StoredDocument.Kind.COMPACT,
                    covenant,
                    lambda c=covenant: compact_pdf(c),
                    version=covenant.version,
                ),
                status=covenant.state,
                extra=(("version", covenant.version),),
            )
        )
    return files


def conference_report(year: EmulationYear) -> list[DossierFile]:
    """The conference report, once the year has a conference recorded."""
    if not Conference.objects.filter(year=year).exists():
        return []
    return [
        DossierFile(
            path=f"bao-cao/bao-cao-tong-ket-{year.year}.pdf",
            kind="report",
            title=_title(gettext_noop("Báo cáo tổng kết")),
            date=year.conference_date,  # the date its header prints (campaigns.report)
            render=_stored_or(
                StoredDocument.Kind.REPORT,
                year,
                lambda: render_pdf("documents/report.html", report_context(year)),
            ),
            status="signed" if year.is_closed else "draft",
        )
    ]


def round_minutes(year: EmulationYear) -> list[DossierFile]:
    """The vote-count minutes of each closed round, in the order the rounds were held."""
    files = []
    rounds = BallotRound.objects.filter(year=year, state=BallotRound.State.CLOSED).order_by("pk")
    for number, ballot_round in enumerate(rounds, start=1):
        ballot_round.year = year
        with translation.override("vi"):  # read once, in the document's language
            context = minutes_context(ballot_round)
        files.append(
            DossierFile(
                path=f"bien-ban/bien-ban-kiem-phieu-{year.year}-{number:02d}-"
                f"{ascii_slug(ballot_round.kind)}.pdf",
                kind="minutes",
                title=_title(
                    gettext_noop("Biên bản kiểm phiếu: %(round)s"),
                    round=ballot_round.get_kind_display,
                ),
                date=context["header"].date,
                render=_stored_or(
                    StoredDocument.Kind.MINUTES,
                    ballot_round,
                    lambda context=context: render_pdf("documents/ballot_minutes.html", context),
                ),
                extra=(("round", ballot_round.kind),),
            )
        )
    return files


def proposal_letters(year: EmulationYear) -> list[DossierFile]:
    """The proposal letters (tờ trình), drafts included and marked by their state."""
    files = []
    proposals = (
        Proposal.objects.filter(year=year)
        .select_related("award_type", "ballot_round")
        .order_by("ballot_round_id", "pk")
    )
    for number, proposal in enumerate(proposals, start=1):
        proposal.year = year
        proposal.ballot_round.year = year
        suffix = "-du-thao" if proposal.is_draft else ""
        files.append(
            DossierFile(
                path=f"to-trinh/to-trinh-{year.year}-{number:02d}-"
                f"{ascii_slug(proposal.ballot_round.kind)}{suffix}.pdf",
                kind="proposal",
                title=_title(gettext_noop("Tờ trình: %(award)s"), award=proposal.award_type.name),
                date=proposal.date,
                render=_stored_or(
                    StoredDocument.Kind.PROPOSAL, proposal, lambda p=proposal: proposal_pdf(p)
                ),
                status=proposal.state,
                extra=(("number", proposal.number),),
            )
        )
    return files


def award_decisions(year: EmulationYear) -> list[DossierFile]:
    """The head's award decisions, each with its attached list (one without recipients awards
    nothing and is never printed); a decision of an open year is a draft."""
    files = []
    decisions = Decision.objects.filter(year=year, recipients__isnull=False).distinct()
    for decision in decisions.order_by("date", "number", "pk"):
        decision.year = year
        files.append(
            DossierFile(
                path=f"quyet-dinh/quyet-dinh-{decision.date:%Y-%m-%d}-"
                f"{ascii_slug(decision.number) or decision.pk}.pdf",
                kind="decision",
                title=_title(
                    gettext_noop("Quyết định khen thưởng %(number)s"), number=decision.number
                ),
                date=decision.date,
                render=_stored_or(
                    StoredDocument.Kind.DECISION, decision, lambda d=decision: decision_pdf(d)
                ),
                status="draft" if decision_is_draft(decision) else "signed",
                extra=(("decision", decision.number),),
            )
        )
    return files


def decision_certificates(year: EmulationYear) -> list[DossierFile]:
    """One PDF per award decision with all its certificates (a decision without any is left out)."""
    files = []
    for decision in Decision.objects.filter(year=year).order_by("date", "number", "pk"):
        decision.year = year
        recipients = list(decision.recipients.select_related("award_type").order_by("order", "pk"))
        if not recipients:
            continue
        for recipient in recipients:
            recipient.decision = decision
        files.append(
            DossierFile(
                path=f"bang-khen/bang-khen-{decision.date:%Y-%m-%d}-"
                f"{ascii_slug(decision.number) or decision.pk}.pdf",
                kind="certificates",
                title=_title(
                    gettext_noop("Bằng khen theo quyết định %(number)s"), number=decision.number
                ),
                date=decision.date,
                # In batches, merged (issue 16): a decision of thousands stays linear.
                render=lambda decision=decision: decision_certificates_pdf(decision),
                extra=(("decision", decision.number), ("count", len(recipients))),
            )
        )
    return files


def consolidated_scores(year: EmulationYear) -> list[DossierFile]:
    """The consolidated scores workbook, once the year has a criteria sheet. It carries no date
    of its own: it is the scores as they stand when the dossier is built."""
    if not CriteriaSheet.objects.filter(year=year).exists():
        return []
    return [
        DossierFile(
            path=f"bang-diem/tong-hop-diem-{year.year}.xlsx",
            kind="scores",
            title=_title(gettext_noop("Bảng tổng hợp điểm thi đua")),
            date=timezone.localdate(),
            render=lambda: consolidated_table(year),
        )
    ]


PARTS: Sequence[Callable[[EmulationYear], list[DossierFile]]] = (
    compact_versions,  # giao-uoc/: the covenant, each version
    conference_report,  # bao-cao/: the conference report
    round_minutes,  # bien-ban/: the minutes of each closed round
    proposal_letters,  # to-trinh/: the proposal letters
    award_decisions,  # quyet-dinh/: the head's award decisions, with their lists
    decision_certificates,  # bang-khen/: each decision's certificates
    consolidated_scores,  # bang-diem/: the consolidated scores (Excel)
)


def dossier_files(
    year: EmulationYear, parts: Iterable[Callable[[EmulationYear], list[DossierFile]]] | None = None
) -> list[DossierFile]:
    """What the year's dossier holds, in order, nothing rendered yet."""
    return [file for part in (PARTS if parts is None else parts) for file in part(year)]


# --- Building the ZIP -------------------------------------------------------------------------


def _entry(file: DossierFile, content: bytes) -> dict[str, Any]:
    return {
        "path": file.path,
        "sha256": hashlib.sha256(content).hexdigest(),
        "size": len(content),
        "date": file.date.isoformat() if file.date else None,
        "kind": file.kind,
        "title": str(file.title),
        **({"status": file.status} if file.status else {}),
        **dict(file.extra),
    }


def build_dossier(
    year: EmulationYear,
    output: IO[bytes],
    *,
    files: Sequence[DossierFile] | None = None,
    progress: Callable[[int, int, DossierFile], None] | None = None,
) -> dict[str, Any]:
    """Write the dossier as a ZIP into `output` (a file open for binary writing) and return its
    manifest. Raises DossierError, naming the document, when one cannot be made; `output` then
    holds a broken ZIP that the caller must discard."""
    built_at = timezone.now()
    stamp = timezone.localtime(built_at).timetuple()[:6]
    # The installation's seal signs the manifest (clusters/seal.py); refused now, before any
    # rendering, when it is required and missing.
    signer = seal.seal_for(StoredDocument.Kind.DOSSIER)
    entries: list[dict[str, Any]] = []
    # Documents are Vietnamese whatever the reader's interface language.
    with translation.override("vi"):
        files = list(files) if files is not None else dossier_files(year)
        paths = [file.path for file in files]
        if len(set(paths)) != len(paths) or MANIFEST in paths:
            raise ValueError(f"dossier paths must be unique: {sorted(paths)}")
        with zipfile.ZipFile(output, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for index, file in enumerate(files, start=1):
                if progress:
                    progress(index, len(files), file)
                try:
                    content = file.render()
                except Exception as error:  # any failure of a document stops the whole dossier
                    raise DossierError(
                        _("Không tạo được “%(title)s” (%(path)s): %(reason)s")
                        % {"title": file.title, "path": file.path, "reason": error}
                    ) from error
                archive.writestr(
                    zipfile.ZipInfo(file.path, date_time=stamp),
                    content,
                    compress_type=zipfile.ZIP_DEFLATED,  # a ZipInfo would otherwise be stored
                )
                entries.append(_entry(file, content))
                del content  # one document in memory at a time
            manifest = {
                "format": FORMAT,
                "cluster": year.cluster.slug,
                "cluster_name": year.cluster.name,
                "year": year.year,
                "built_at": timezone.localtime(built_at).isoformat(timespec="seconds"),
                "files": entries,
            }
            archive.writestr(
                zipfile.ZipInfo(MANIFEST, date_time=stamp),
                json.dumps(manifest, ensure_ascii=False, indent=2),
                compress_type=zipfile.ZIP_DEFLATED,
            )
            if signer is not None:
                # The bytes just written: writestr encodes a str as UTF-8.
                manifest_bytes = json.dumps(manifest, ensure_ascii=False, indent=2).encode()
                archive.writestr(
                    zipfile.ZipInfo(seal.MANIFEST_SIGNATURE, date_time=stamp),
                    seal.seal_manifest(manifest_bytes, signer=signer),
                )
    return manifest


def dossier_filename(year: EmulationYear) -> str:
    return f"ho-so-{year.cluster.slug}-{year.year}.zip"


def stored_dossier(build: DossierBuild) -> StoredDocument | None:
    return store.stored_for(StoredDocument.Kind.DOSSIER, build)


def _stored_or(
    kind: str, source, render: Callable[[], bytes], *, version: int = 1
) -> Callable[[], bytes]:
    """A frozen document goes into the dossier as stored (its bytes and hash are the ones every
    download serves); any other is rendered."""

    def content() -> bytes:
        stored = store.stored_for(kind, source, version=version)
        if stored is None:
            return render()
        with stored.file.open("rb") as handle:
            return handle.read()

    return content


# --- Built in the background: requested from the page, made by the worker --------------------
#
# The page asks `dossier_request`, which records the build and enqueues `build_dossier_task` once
# the request's transaction commits; `manage.py db_worker` (django-tasks' database backend) runs
# it, saving its progress so the page can show "Đang tạo: 5/11 tệp". The command builds in place.


@transaction.atomic
def dossier_request(*, actor: User, year: EmulationYear) -> DossierBuild:
    """Ask for the year's dossier. A build of the year still queued or running is the answer
    (one at a time per year: asking twice, or two readers at once, builds once), unless it was
    lost (DossierBuild.LOST_AFTER): that one is marked failed and a new one queued. A closed
    year is built too: that is when its record is wanted."""
    year = EmulationYear.objects.select_for_update().get(pk=year.pk)  # one request at a time
    pending = DossierBuild.objects.filter(
        year=year, state__in=[DossierBuild.State.QUEUED, DossierBuild.State.RUNNING]
    ).first()
    if pending is not None and not pending.lost:
        return pending
    if pending is not None:  # lost: say so, and build again
        pending.state = DossierBuild.State.FAILED
        pending.error = _(
            "Hồ sơ chưa được tạo xong sau %(minutes)d phút: trình chạy nền "
            "(manage.py db_worker) có thể đã dừng."
        ) % {"minutes": int(DossierBuild.LOST_AFTER.total_seconds() // 60)}
        pending.finished_at = timezone.now()
        pending.save(update_fields=["state", "error", "finished_at"])
    build = DossierBuild.objects.create(year=year, requested_by=actor)
    audit.record(actor=actor, action="dossier.request", target=year, year=year)
    transaction.on_commit(lambda: build_dossier_task.enqueue(build.pk))
    return build


@task()
def build_dossier_task(build_id: int) -> str:
    """Build the dossier of one DossierBuild into its file, saving done/total as it goes; a
    document that fails marks the build failed with its (Vietnamese) message and no file."""
    build = DossierBuild.objects.select_related("year__cluster").get(pk=build_id)
    if build.state != DossierBuild.State.QUEUED:  # run twice (a worker restarted): once is enough
        return str(build.state)
    build.state = DossierBuild.State.RUNNING
    build.save(update_fields=["state"])

    def progress(index: int, total: int, file: DossierFile) -> None:
        # Called before each document: index - 1 are made.
        DossierBuild.objects.filter(pk=build_id).update(done=index - 1, total=total)

    with translation.override("vi"), tempfile.TemporaryFile() as output:
        try:
            manifest = build_dossier(build.year, output, progress=progress)
        except Exception as error:
            logger.exception("dossier build %s of %s failed", build_id, build.year)
            message = (
                str(error)
                if isinstance(error, DossierError)
                else _("Không tạo được hồ sơ: %(reason)s") % {"reason": error}
            )
            DossierBuild.objects.filter(pk=build_id).update(
                state=DossierBuild.State.FAILED, error=message, finished_at=timezone.now()
            )
            return DossierBuild.State.FAILED.value
        output.seek(0)
        count = len(manifest["files"])
        with transaction.atomic():
            build = DossierBuild.objects.select_for_update().get(pk=build_id)
            if build.state != DossierBuild.State.RUNNING:  # given up as lost meanwhile
                return str(build.state)
            # Stored as every final document is (clusters.documents.store): with its hash and code.
            store.freeze(
                kind=StoredDocument.Kind.DOSSIER,
                source=build,
                render=lambda: File(output),
                filename=dossier_filename(build.year),
                year=build.year,
                content_type="application/zip",
            )
            build.state = DossierBuild.State.DONE
            build.done = build.total = count
            build.finished_at = timezone.now()
            build.save()
            # The newest ZIP replaces the older ones: keep one per year on disk.
            for older in DossierBuild.objects.filter(year_id=build.year_id, pk__lt=build.pk):
                if older.file:  # built before dossiers were stored documents
                    delete_file_on_commit(older.file)
                    older.file = ""
                    older.save(update_fields=["file"])
                replaced = stored_dossier(older)
                if replaced is not None:
                    delete_file_on_commit(replaced.file)
                    replaced.delete()
    return DossierBuild.State.DONE.value
