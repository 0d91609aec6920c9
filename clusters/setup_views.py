"""The set-up pages: the administrator's catalogue (units, clusters and blocks, years, accounts,
bulk import and export) and a year's secretariat (members and roles, peer reviewers,
secretariat grants, campaigns); the password pages. Views check access, validate, call a service
(clusters/setup.py, clusters/accounts.py, clusters/bulk.py), render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.contrib.auth.views import INTERNAL_RESET_SESSION_TOKEN
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from clusters import access, accounts, bulk, setup, unit_picker
from clusters.models import Cluster, EmulationYear, Membership, SecretariatGrant, Unit, User
from clusters.services import Refused, refusal_to_form
from clusters.setup_forms import (
    AccountForm,
    AccountInviteForm,
    ClusterForm,
    GrantForm,
    MembershipForm,
    QueuedPasswordResetForm,
    ReviewForm,
    UnitForm,
    YearOpenForm,
    role_choices,
)
from clusters.text import fold, slug_of

FORM_METHODS = ["GET", "HEAD", "POST"]


def form_page(request, form, *, title: str, back: str, extra: dict | None = None):
    """A set-up form on its own page (the campaigns app's part of the year's set-up too)."""
    context = {"form": form, "title": title, "back": back, **(extra or {})}
    return render(request, "setup/form.html", context)


# --- the administrator's catalogue -------------------------------------------------------------


@require_safe
def index(request: HttpRequest) -> HttpResponse:
    access.require_administrator(request.user)
    context = {
        "units": Unit.objects.count(),
        "cluster_count": Cluster.objects.count(),
        # The latest clusters worked on; the full list is paged on its own page.
        "clusters": Cluster.objects.prefetch_related("years").order_by("-pk")[:10],
        "accounts": User.objects.filter(is_active=True).count(),
        "invited": User.objects.filter(
            is_active=True, password__startswith=UNUSABLE_PASSWORD_PREFIX
        ).count(),
    }
    return render(request, "setup/index.html", context)


ROWS_PER_PAGE = 50


def _search(request: HttpRequest) -> tuple[str, str]:
    """The list's search words as typed, and folded as names are (clusters.text.fold)."""
    query = request.GET.get("q", "").strip()[:100]
    return query, fold(query)


@require_safe
def unit_list(request: HttpRequest) -> HttpResponse:
    access.require_administrator(request.user)
    query, folded = _search(request)
    units = Unit.objects.prefetch_related("successors").order_by("search_name", "valid_from")
    if folded:
        units = units.filter(
            Q(search_name__contains=folded) | Q(slug__contains=folded) | Q(admin_code=query)
        )
    page = Paginator(units, ROWS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "setup/unit_list.html", {"units": page, "page": page, "q": query})


@require_http_methods(FORM_METHODS)
def unit_edit(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    access.require_administrator(request.user)
    unit = get_object_or_404(Unit, slug=slug) if slug else None
    form = UnitForm(request.POST or None, instance=unit)
    if request.method == "POST" and form.is_valid():
        try:
            saved = setup.unit_save(actor=request.user, unit=unit, **form.service_values())
        except Refused as refusal:
            refusal_to_form(form, refusal)
        else:
            messages.success(request, _("Đã lưu đơn vị %(unit)s.") % {"unit": saved.name})
            return redirect("setup:unit_list")
    title = _("Sửa đơn vị %(unit)s") % {"unit": unit.name} if unit else _("Thêm đơn vị")
    return form_page(request, form, title=title, back=reverse("setup:unit_list"))


def _unit_suggestions(request: HttpRequest, units) -> JsonResponse:
    """The unit picker's suggestions (clusters/unit_picker.py), or why the search was refused."""
    form = unit_picker.UnitSearchForm(request.GET)
    if not form.is_valid():
        return JsonResponse({"errors": form.errors.get_json_data()}, status=400)
    return JsonResponse(unit_picker.unit_suggestions(units, form.cleaned_data["q"]), safe=False)


@require_safe
def unit_search(request: HttpRequest) -> JsonResponse:
    """The catalogue's unit picker: any unit, or the current ones (`hien-hanh=1`)."""
    access.require_administrator(request.user)
    units = Unit.objects.all()
    if request.GET.get("hien-hanh") == "1":
        units = units.filter(valid_to__isnull=True)
    return _unit_suggestions(request, units)


@require_safe
def cluster_list(request: HttpRequest) -> HttpResponse:
    access.require_administrator(request.user)
    query, _folded = _search(request)
    clusters = Cluster.objects.prefetch_related("years").order_by("name")
    if query:
        clusters = clusters.filter(Q(name__icontains=query) | Q(slug__contains=slug_of(query)))
    page = Paginator(clusters, ROWS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "setup/cluster_list.html", {"clusters": page, "page": page, "q": query})


@require_http_methods(FORM_METHODS)
def cluster_edit(request: HttpRequest, slug: str | None = None) -> HttpResponse:
    access.require_administrator(request.user)
    cluster = get_object_or_404(Cluster, slug=slug) if slug else None
    form = ClusterForm(request.POST or None, instance=cluster)
    if request.method == "POST" and form.is_valid():
        try:
            saved = setup.cluster_save(actor=request.user, cluster=cluster, **form.cleaned_data)
        except Refused as refusal:
            refusal_to_form(form, refusal)
        else:
            messages.success(request, _("Đã lưu %(cluster)s.") % {"cluster": saved.name})
            return redirect("setup:cluster_list")
    title = _("Sửa %(cluster)s") % {"cluster": cluster.name} if cluster else _("Thêm cụm, khối")
    return form_page(request, form, title=title, back=reverse("setup:cluster_list"))


@require_http_methods(FORM_METHODS)
def year_create(request: HttpRequest, slug: str) -> HttpResponse:
    """Open a year of the cluster with its members, head and deputies."""
    access.require_administrator(request.user)
    cluster = get_object_or_404(Cluster, slug=slug)
    form = YearOpenForm(request.POST or None, cluster=cluster)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            opened = setup.year_open(
                actor=request.user,
                cluster=cluster,
                year=data["year"],
                head=data["head"],
                members=list(data["members"]),
                deputies=list(data["deputies"]),
                notes=data["notes"],
            )
        except Refused as refusal:
            refusal_to_form(form, refusal)
        else:
            messages.success(
                request,
                _("Đã mở năm thi đua %(year)d của %(cluster)s.")
                % {"year": opened.year, "cluster": cluster.name},
            )
            return redirect("setup:year_setup", cluster.slug, opened.year)
    title = _("Mở năm thi đua của %(cluster)s") % {"cluster": cluster.name}
    return render(
        request,
        "setup/year_open.html",
        {"form": form, "title": title, "cluster": cluster, "back": reverse("setup:cluster_list")},
    )


@require_safe
def account_list(request: HttpRequest) -> HttpResponse:
    access.require_administrator(request.user)
    query, folded = _search(request)
    people = User.objects.select_related("unit").order_by(
        "-is_active", "unit__search_name", "username"
    )
    if folded:
        # Names, usernames, addresses and units' names all match without diacritics.
        people = people.filter(
            Q(search_name__contains=folded) | Q(unit__search_name__contains=folded)
        )
    page = Paginator(people, ROWS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "setup/account_list.html", {"people": page, "page": page, "q": query})


@require_http_methods(FORM_METHODS)
def account_invite(request: HttpRequest) -> HttpResponse:
    access.require_administrator(request.user)
    form = AccountInviteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            person = accounts.account_invite(actor=request.user, **form.cleaned_data)
        except Refused as refusal:
            refusal_to_form(form, refusal)
        else:
            messages.success(
                request,
                _("Đã tạo tài khoản %(username)s và gửi thư mời tới %(email)s.")
                % {"username": person.username, "email": person.email},
            )
            return redirect("setup:account_list")
    return render(
        request,
        "setup/account_invite.html",
        {"form": form, "title": _("Mời người dùng"), "back": reverse("setup:account_list")},
    )


@require_http_methods(FORM_METHODS)
def account_edit(request: HttpRequest, pk: int) -> HttpResponse:
    access.require_administrator(request.user)
    person = get_object_or_404(User, pk=pk)
    form = AccountForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        try:
            setup.account_update(actor=request.user, person=person, **form.cleaned_data)
        except Refused as refusal:
            refusal_to_form(form, refusal)
        else:
            messages.success(
                request, _("Đã lưu tài khoản %(username)s.") % {"username": person.username}
            )
            return redirect("setup:account_list")
    title = _("Tài khoản %(username)s") % {"username": person.username}
    return render(
        request,
        "setup/account_edit.html",
        {"form": form, "title": title, "person": person, "back": reverse("setup:account_list")},
    )


def _account_action(request: HttpRequest, pk: int, run) -> HttpResponse:
    access.require_administrator(request.user)
    person = get_object_or_404(User, pk=pk)
    try:
        message = run(person)
    except Refused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, message)
    return redirect("setup:account_edit", person.pk)


@require_POST
def account_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    def run(person: User) -> str:
        setup.account_active_set(actor=request.user, person=person, active=False)
        return _("Đã ngừng tài khoản %(username)s; những gì người này đã làm vẫn được giữ.") % {
            "username": person.username
        }

    return _account_action(request, pk, run)


@require_POST
def account_activate(request: HttpRequest, pk: int) -> HttpResponse:
    def run(person: User) -> str:
        setup.account_active_set(actor=request.user, person=person, active=True)
        return _("Đã mở lại tài khoản %(username)s.") % {"username": person.username}

    return _account_action(request, pk, run)


@require_POST
def invitation_resend(request: HttpRequest, pk: int) -> HttpResponse:
    def run(person: User) -> str:
        accounts.invitation_resend(actor=request.user, person=person)
        return _("Đã gửi lại thư mời tới %(email)s.") % {"email": person.email}

    return _account_action(request, pk, run)


@require_safe
def bulk_export(request: HttpRequest) -> HttpResponse:
    access.require_administrator(request.user)
    response = HttpResponse(
        bulk.workbook_bytes(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="don-vi-tai-khoan.xlsx"'
    return response


# --- a year's secretariat ------------------------------------------------------------------------


def _secretariat_year(request: HttpRequest, slug: str, year: int) -> EmulationYear:
    emulation_year = access.get_year_for_user(request.user, slug, year)
    access.require_secretariat(request.user, emulation_year)
    return emulation_year


@require_safe
def year_setup(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    """Everything the secretariat sets up for its year, on one page with one form per part."""
    emulation_year = _secretariat_year(request, slug, year)
    return _year_setup_page(request, emulation_year)


def _year_setup_page(request: HttpRequest, emulation_year: EmulationYear, **forms_) -> HttpResponse:
    ReviewAssignment = setup.review_model()  # noqa: N806 - scoring is above: by name

    roles = dict(role_choices(emulation_year))
    memberships = list(
        emulation_year.memberships.select_related("unit").order_by("unit__search_name")
    )
    representatives = emulation_year.representatives_by_unit
    context = {
        "year": emulation_year,
        "cluster": emulation_year.cluster,
        "closed": emulation_year.is_closed,
        "setting_up": emulation_year.phase == EmulationYear.Phase.SETUP,
        "members": [
            {
                "membership": m,
                "role": roles.get(m.role, m.role),
                "representative": representatives.get(m.unit_id),
            }
            for m in memberships
        ],
        "reviews": ReviewAssignment.objects.filter(year=emulation_year)
        .select_related("reviewer_unit", "reviewed_unit")
        .order_by("reviewed_unit__search_name", "reviewer_unit__search_name"),
        "grants": SecretariatGrant.objects.filter(year=emulation_year).select_related("user__unit"),
        "head_staff": User.objects.filter(
            is_active=True,
            unit__memberships__year=emulation_year,
            unit__memberships__role=Membership.Role.HEAD,
        ).exclude(role=User.Role.VIEWER),
        "campaigns": emulation_year.campaigns.order_by("title"),
        "member_form": forms_.get("member_form") or MembershipForm(year=emulation_year),
        "review_form": forms_.get("review_form") or ReviewForm(year=emulation_year),
        "grant_form": forms_.get("grant_form") or GrantForm(year=emulation_year),
    }
    return render(request, "setup/year_setup.html", context)


def _year_action(request, slug, year, form_class, form_name, run, done) -> HttpResponse:
    emulation_year = _secretariat_year(request, slug, year)
    form = form_class(request.POST, year=emulation_year)
    if form.is_valid():
        try:
            run(emulation_year, form.cleaned_data)
        except Refused as refusal:
            refusal_to_form(form, refusal)
        else:
            messages.success(request, done)
            return redirect("setup:year_setup", slug, year)
    return _year_setup_page(request, emulation_year, **{form_name: form})


@require_safe
def year_unit_search(request: HttpRequest, slug: str, year: int) -> JsonResponse:
    """The member picker of the year's set-up: the units that existed during the year."""
    emulation_year = _secretariat_year(request, slug, year)
    units = unit_picker.valid_in_year(Unit.objects.all(), emulation_year.year)
    return _unit_suggestions(request, units)


@require_POST
def member_set(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    def run(emulation_year, data) -> None:
        setup.membership_set(
            actor=request.user, year=emulation_year, unit=data["unit"], role=data["role"]
        )

    return _year_action(
        request, slug, year, MembershipForm, "member_form", run, _("Đã lưu đơn vị thành viên.")
    )


@require_POST
def member_remove(request: HttpRequest, slug: str, year: int, unit: str) -> HttpResponse:
    emulation_year = _secretariat_year(request, slug, year)
    member = access.get_member_unit_for_user(request.user, emulation_year, unit)
    try:
        setup.membership_remove(actor=request.user, year=emulation_year, unit=member)
    except Refused as refusal:
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("Đã bớt %(unit)s khỏi năm thi đua.") % {"unit": member.name})
    return redirect("setup:year_setup", slug, year)


@require_POST
def review_add(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    def run(emulation_year, data) -> None:
        setup.review_assign(
            actor=request.user,
            year=emulation_year,
            reviewer=data["reviewer_unit"],
            reviewed=data["reviewed_unit"],
        )

    return _year_action(
        request, slug, year, ReviewForm, "review_form", run, _("Đã phân công chấm chéo.")
    )


@require_POST
def review_remove(request: HttpRequest, slug: str, year: int, pk: int) -> HttpResponse:
    emulation_year = _secretariat_year(request, slug, year)
    try:
        setup.review_unassign(actor=request.user, year=emulation_year, assignment_id=pk)
    except Refused as refusal:
        if refusal.status == 404:
            raise Http404 from refusal
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("Đã bỏ phân công chấm chéo."))
    return redirect("setup:year_setup", slug, year)


@require_POST
def grant_add(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    def run(emulation_year, data) -> None:
        setup.grant_add(actor=request.user, year=emulation_year, person=data["user"])

    return _year_action(
        request, slug, year, GrantForm, "grant_form", run, _("Đã giao quyền thư ký.")
    )


@require_POST
def grant_remove(request: HttpRequest, slug: str, year: int, pk: int) -> HttpResponse:
    emulation_year = _secretariat_year(request, slug, year)
    try:
        setup.grant_remove(actor=request.user, year=emulation_year, grant_id=pk)
    except Refused as refusal:
        if refusal.status == 404:
            raise Http404 from refusal
        messages.error(request, refusal.message)
    else:
        messages.success(request, _("Đã thu hồi quyền thư ký."))
    return redirect("setup:year_setup", slug, year)


# --- passwords -----------------------------------------------------------------------------------


class _FormMethods:
    """GET, HEAD and POST only: Django's form views also take PUT (as POST), which no page of
    the app serves (tests/test_methods.py)."""

    http_method_names = ["get", "head", "post"]


class PasswordChangeView(_FormMethods, auth_views.PasswordChangeView):
    template_name = "registration/password_form.html"
    success_url = reverse_lazy("home")
    extra_context = {"title": _("Đổi mật khẩu")}

    def form_valid(self, form):
        person = accounts.account_password_set(
            person=form.user, password=form.cleaned_data["new_password1"], how="change"
        )
        update_session_auth_hash(self.request, person)
        messages.success(self.request, _("Đã đổi mật khẩu."))
        return HttpResponseRedirect(self.get_success_url())


class PasswordResetView(_FormMethods, auth_views.PasswordResetView):
    template_name = "registration/password_reset.html"
    form_class = QueuedPasswordResetForm
    success_url = reverse_lazy("setup:password_reset_done")


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "registration/password_reset_done.html"


class SetPasswordView(_FormMethods, auth_views.PasswordResetConfirmView):
    """Set the password from a reset link; the token leaves the URL for the session at once
    (Django's pattern), and the link stops working once the password is set."""

    template_name = "registration/password_form.html"
    success_url = reverse_lazy("login")
    how = "reset"

    # The method first: Django's view answers a dead link's page whatever the method. Public,
    # as Django's own dispatch is (as_view reads the mark from dispatch).
    @method_decorator(login_not_required)
    def dispatch(self, request, *args, **kwargs):
        if request.method.lower() not in self.http_method_names:
            return self.http_method_not_allowed(request, *args, **kwargs)
        return super().dispatch(request, *args, **kwargs)

    done_message = _("Đã đặt mật khẩu mới. Mời anh/chị đăng nhập.")

    def get_user(self, uidb64):
        # A deactivated account's link works no more (it could not sign in anyway).
        person = super().get_user(uidb64)
        return person if person is not None and person.is_active else None

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["title"] = _("Đặt mật khẩu")
        return context

    def form_valid(self, form):
        accounts.account_password_set(
            person=form.user, password=form.cleaned_data["new_password1"], how=self.how
        )
        self.request.session.pop(INTERNAL_RESET_SESSION_TOKEN, None)
        messages.success(self.request, str(self.done_message))
        return HttpResponseRedirect(self.get_success_url())


class InvitationAcceptView(SetPasswordView):
    """The invitation's link: the same, with the invitation's token and lifetime."""

    token_generator = accounts.invitation_tokens
    how = "invitation"
    done_message = _("Đã đặt mật khẩu. Mời anh/chị đăng nhập bằng tên đăng nhập trong thư mời.")
