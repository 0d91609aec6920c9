from __future__ import annotations

import copy

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from clusters import access
from clusters.audit import events_for
from clusters.models import User
from clusters.services import Refused, YearClosedRefused, refusal_to_form
from scoring import ballots
from scoring.access import require_voter
from scoring.bulletin import canonical_bytes
from scoring.bulletin import sha256 as bulletin_sha256
from scoring.forms import (
    BallotForm,
    CancelRoundForm,
    HallCountForm,
    MinutesForm,
    ReceiptCheckForm,
    RoundForm,
)
from scoring.models import BallotRound, VoterEntry
from scoring.panels import round_panels


def _round_for_user(request: HttpRequest, slug: str, year: int, pk: int):
    emulation_year = access.get_year_for_user(request.user, slug, year)
    ballot_round = get_object_or_404(BallotRound, pk=pk, year=emulation_year)
    return emulation_year, ballot_round


@require_http_methods(["GET", "HEAD", "POST"])
def rounds(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    emulation_year = access.get_year_for_user(request.user, slug, year)
    secretariat = access.is_secretariat(request.user, emulation_year)
    form = None
    if secretariat and not emulation_year.is_closed:
        ranked = ballots.candidates_in_ranking_order(emulation_year)
        form = RoundForm(
            request.POST or None, ranked=ranked, cluster_kind=emulation_year.cluster.kind
        )
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                created = ballots.round_create(
                    actor=request.user,
                    year=emulation_year,
                    kind=form.cleaned_data["kind"],
                    seats=form.cleaned_data["seats"],
                    threshold=form.cleaned_data["threshold"],
                    candidates=form.ordered_candidates(),
                    mode=form.cleaned_data["mode"],
                    closes_at=form.cleaned_data["closes_at"],
                    quorum=form.cleaned_data["quorum"],
                )
            except Refused as error:
                refusal_to_form(form, error)
            else:
                messages.success(request, _("Đã tạo vòng bỏ phiếu."))
                return redirect(ballots.round_url(created))
    context = {
        "year": emulation_year,
        "rounds": emulation_year.ballot_rounds.all(),
        "form": form,
    }
    return render(request, "scoring/rounds.html", context)


def _minutes_form(request: HttpRequest, ballot_round: BallotRound, data=None) -> MinutesForm:
    year = ballot_round.year
    action = reverse(
        "scoring:round_minutes_save", args=[year.cluster.slug, year.year, ballot_round.pk]
    )
    # A copy: validating a model form writes into its instance, the page shows the stored one.
    return MinutesForm(data, instance=copy.copy(ballot_round), action=action)


@require_safe
def round_detail(request: HttpRequest, slug: str, year: int, pk: int) -> HttpResponse:
    emulation_year, ballot_round = _round_for_user(request, slug, year, pk)
    return _render_round(request, emulation_year, ballot_round)


def _render_round(
    request: HttpRequest,
    emulation_year,
    ballot_round: BallotRound,
    minutes_form=None,
    hall_form=None,
    cancel_form=None,
    confirm_blank: bool = False,
    receipt: ballots.Receipt | None = None,
) -> HttpResponse:
    user = request.user
    voted_units = set(
        VoterEntry.objects.filter(round=ballot_round).values_list("unit_id", flat=True)
    )
    member_ids = set(emulation_year.memberships.values_list("unit_id", flat=True))
    is_open = ballot_round.state == BallotRound.State.OPEN
    can_vote = (
        is_open
        and not ballot_round.is_hall
        and user.role == User.Role.STAFF
        and user.unit_id in member_ids
        and user.unit_id not in voted_units
    )
    is_secretariat = access.is_secretariat(user, emulation_year)
    may_edit = is_secretariat and not emulation_year.is_closed
    if may_edit and is_open and ballot_round.is_hall and hall_form is None:
        hall_form = HallCountForm(ballot_round=ballot_round)
    if may_edit and is_open and cancel_form is None:
        cancel_form = CancelRoundForm()
    # Secret while open: the tally exists only once the round is closed.
    tally = (
        ballots.round_tally(ballot_round)
        if ballot_round.state == BallotRound.State.CLOSED
        else None
    )
    published = ballots.round_bulletin(ballot_round, tally) if tally else None
    if minutes_form is None and may_edit and ballot_round.state != BallotRound.State.CANCELLED:
        minutes_form = _minutes_form(request, ballot_round)
    context = {
        "year": emulation_year,
        "round": ballot_round,
        "minutes_form": minutes_form,
        "candidates": ballot_round.candidates.select_related("unit"),
        "can_vote": can_vote,
        "has_voted": user.unit_id in voted_units,
        "ballots_cast": len(voted_units),
        "members": len(member_ids),
        "is_secretariat": is_secretariat,
        "may_edit": may_edit,
        "hall_form": hall_form if may_edit and is_open and ballot_round.is_hall else None,
        "cancel_form": cancel_form if may_edit and is_open else None,
        "confirm_blank": confirm_blank and can_vote,
        "quorum": ballot_round.quorum_for(len(member_ids)),
        "tally": tally,
        "panels": round_panels(request, ballot_round, tally) if tally else [],
        # Closed online rounds: every ballot's choices with its receipt's digest, sorted.
        "bulletin": _bulletin_lines(published) if published else None,
        "bulletin_sha256": bulletin_sha256(published) if published else "",
        "check_form": ReceiptCheckForm() if published else None,
        # Shown in this one response and stored nowhere (scoring.ballots.Receipt).
        "receipt": receipt,
        # The round's own history: opened, closed, and which units voted (never their choices).
        "history": events_for(ballot_round),
    }
    response = render(request, "scoring/round.html", context)
    if receipt is not None:
        add_never_cache_headers(response)  # the receipt is not kept by any cache either
    return response


def _bulletin_lines(published: dict) -> list[tuple[str, list[str]]]:
    names = {c["id"]: c["unit"] for c in published["candidates"]}
    return [
        (line["receipt_digest"], [names[key] for key in line["choices"]])
        for line in published["ballots"]
    ]


def _secretariat_action(request: HttpRequest, slug: str, year: int, pk: int, action, done: str):
    emulation_year, ballot_round = _round_for_user(request, slug, year, pk)
    access.require_secretariat(request.user, emulation_year)
    try:
        action(actor=request.user, ballot_round=ballot_round)
        messages.success(request, done)
    except Refused as error:
        messages.error(request, str(error))
    return redirect(ballots.round_url(ballot_round))


@require_POST
def round_open(request: HttpRequest, slug: str, year: int, pk: int) -> HttpResponse:
    return _secretariat_action(request, slug, year, pk, ballots.round_open, _("Đã mở bỏ phiếu."))


@require_POST
def round_close(request: HttpRequest, slug: str, year: int, pk: int) -> HttpResponse:
    return _secretariat_action(
        request, slug, year, pk, ballots.round_close, _("Đã kết thúc bỏ phiếu và kiểm phiếu.")
    )


@require_POST
def round_cancel(request: HttpRequest, slug: str, year: int, pk: int) -> HttpResponse:
    """Cancel an open round with a reason: its ballots are voided (secretariat)."""
    emulation_year, ballot_round = _round_for_user(request, slug, year, pk)
    access.require_secretariat(request.user, emulation_year)
    form = CancelRoundForm(request.POST)
    if form.is_valid():
        try:
            ballots.round_cancel(
                actor=request.user, ballot_round=ballot_round, reason=form.cleaned_data["reason"]
            )
        except Refused as error:
            if error.field is None:
                messages.error(request, str(error))
                return redirect(ballots.round_url(ballot_round))
            refusal_to_form(form, error)
        else:
            messages.success(request, _("Đã hủy vòng bỏ phiếu; các phiếu đã bỏ bị hủy."))
            return redirect(ballots.round_url(ballot_round))
    if ballot_round.state != BallotRound.State.OPEN:
        messages.error(request, _("Chỉ hủy được vòng bỏ phiếu đang mở; vòng chuẩn bị thì xóa."))
        return redirect(ballots.round_url(ballot_round))
    return _render_round(request, emulation_year, ballot_round, cancel_form=form)


@require_POST
def round_delete(request: HttpRequest, slug: str, year: int, pk: int) -> HttpResponse:
    """Delete a round still in preparation (secretariat)."""
    emulation_year, ballot_round = _round_for_user(request, slug, year, pk)
    access.require_secretariat(request.user, emulation_year)
    try:
        ballots.round_delete(actor=request.user, ballot_round=ballot_round)
    except Refused as error:
        messages.error(request, str(error))
        return redirect(ballots.round_url(ballot_round))
    messages.success(request, _("Đã xóa vòng bỏ phiếu."))
    return redirect(reverse("scoring:rounds", args=[slug, year]))


@require_POST
def round_hall_count(request: HttpRequest, slug: str, year: int, pk: int) -> HttpResponse:
    """The counting committee's paper count, typed in by the secretariat."""
    emulation_year, ballot_round = _round_for_user(request, slug, year, pk)
    access.require_secretariat(request.user, emulation_year)
    if not ballot_round.is_hall or ballot_round.state != BallotRound.State.OPEN:
        messages.error(
            request, _("Chỉ nhập kết quả kiểm phiếu giấy khi vòng tại hội trường đang mở.")
        )
        return redirect(ballots.round_url(ballot_round))
    form = HallCountForm(request.POST, ballot_round=ballot_round)
    return _save_or_show(
        request,
        emulation_year,
        ballot_round,
        form,
        save=lambda: ballots.hall_count_save(
            actor=request.user, ballot_round=ballot_round, count=form.count()
        ),
        done=_("Đã lưu kết quả kiểm phiếu của Ban kiểm phiếu."),
        form_key="hall_form",
    )


@require_POST
def round_minutes_save(request: HttpRequest, slug: str, year: int, pk: int) -> HttpResponse:
    """The minutes' details sent from the round page (secretariat, while the year is open)."""
    emulation_year, ballot_round = _round_for_user(request, slug, year, pk)
    access.require_secretariat(request.user, emulation_year)
    form = _minutes_form(request, ballot_round, request.POST)
    return _save_or_show(
        request,
        emulation_year,
        ballot_round,
        form,
        save=lambda: ballots.round_minutes_save(
            actor=request.user, ballot_round=ballot_round, **form.cleaned_data
        ),
        done=_("Đã lưu thông tin biên bản kiểm phiếu."),
        form_key="minutes_form",
    )


def _save_or_show(
    request: HttpRequest, emulation_year, ballot_round: BallotRound, form, *, save, done, form_key
) -> HttpResponse:
    """Save a valid form through its service and go back to the round, or show the round page
    again with the form and its errors (409 when the year closed meanwhile)."""
    status = 200
    if form.is_valid():
        try:
            save()
        except Refused as error:
            refusal_to_form(form, error)
            status = error.status if isinstance(error, YearClosedRefused) else 200
        else:
            messages.success(request, done)
            return redirect(ballots.round_url(ballot_round))
    response = _render_round(request, emulation_year, ballot_round, **{form_key: form})
    response.status_code = status
    return response


@require_POST
def ballot_cast(request: HttpRequest, slug: str, year: int, pk: int) -> HttpResponse:
    emulation_year, ballot_round = _round_for_user(request, slug, year, pk)
    user = request.user
    require_voter(user, emulation_year)
    form = BallotForm(request.POST, ballot_round=ballot_round)
    if not form.is_valid():  # a value no ticked box sends: nothing is cast
        for error in form.errors.get("candidate", []):
            messages.error(request, error)
        return redirect(ballots.round_url(ballot_round))
    if form.is_unconfirmed_blank():
        # "Phiếu trắng?": the page asks again before a ballot naming nobody is cast.
        return _render_round(request, emulation_year, ballot_round, confirm_blank=True)
    try:
        receipt = ballots.ballot_cast(
            actor=user, ballot_round=ballot_round, candidate_ids=form.candidate_ids()
        )
    except Refused as error:
        messages.error(request, str(error))
        return redirect(ballots.round_url(ballot_round))
    messages.success(request, _("Đã ghi nhận phiếu của %(unit)s.") % {"unit": user.unit.name})
    # Rendered, not redirected: the receipt's code lives in this response only (a session
    # would keep it in the database next to the person).
    ballot_round.refresh_from_db()
    return _render_round(request, emulation_year, ballot_round, receipt=receipt)


@require_safe
def round_bulletin(request: HttpRequest, slug: str, year: int, pk: int) -> HttpResponse:
    """The bulletin of a closed online round as its canonical JSON (sha256sum = the minutes')."""
    _year, ballot_round = _round_for_user(request, slug, year, pk)
    published = ballots.round_bulletin(ballot_round)
    if published is None:
        raise Http404
    response = HttpResponse(canonical_bytes(published), content_type="application/json")
    name = f"bang-ket-qua-{ballot_round.year.year}-{ballot_round.kind}-{ballot_round.pk}.json"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_http_methods(["GET", "HEAD", "POST"])
def receipt_check(request: HttpRequest, slug: str, year: int, pk: int) -> HttpResponse:
    """The "Kiểm tra phiếu của đơn vị" page: a receipt code looked up in the round's bulletin.

    Anyone of the cluster may check a code (holding it is what counts); sent by POST so that
    the code stays out of addresses and logs.
    """
    emulation_year, ballot_round = _round_for_user(request, slug, year, pk)
    if ballot_round.is_hall:
        raise Http404  # paper ballots have no receipts
    form = ReceiptCheckForm(request.POST if request.method == "POST" else None)
    result = None
    if ballots.has_bulletin(ballot_round) and form.is_valid():
        try:
            result = ballots.receipt_check(ballot_round, form.cleaned_data["code"])
        except Refused as error:
            refusal_to_form(form, error)
    response = render(
        request,
        "scoring/round_check.html",
        {
            "year": emulation_year,
            "round": ballot_round,
            "published": ballots.has_bulletin(ballot_round),
            "form": form,
            "result": result,
        },
    )
    add_never_cache_headers(response)
    return response


@require_safe
def round_minutes(request: HttpRequest, slug: str, year: int, pk: int) -> HttpResponse:
    """The vote-count minutes of a closed round, as a PDF (or ?format=html for the same page)."""
    from clusters.documents import render_html, store
    from scoring import final_documents
    from scoring.documents import minutes_context

    _year, ballot_round = _round_for_user(request, slug, year, pk)
    if ballot_round.state != BallotRound.State.CLOSED:
        raise Http404
    if request.GET.get("format") == "html":
        # A document is Vietnamese whatever the reader's interface language (choices' labels too).
        with translation.override("vi"):
            context = minutes_context(ballot_round)
            return HttpResponse(render_html("documents/ballot_minutes.html", context))
    # Stored once the year closed (its details stay editable until then); else a cached draft.
    stored = final_documents.stored_minutes(ballot_round)
    return store.download(
        stored,
        kind=final_documents.MINUTES,
        source=ballot_round,
        year=_year,
        render=lambda: final_documents.minutes_pdf(ballot_round),
        filename=final_documents.minutes_filename(ballot_round),
    )
