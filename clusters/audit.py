"""Audit events: who did what, on what, from which address, when (DESIGN.md: every action).

Services call `record(...)` inside their transaction, so an event exists exactly when its change
does. The client address comes from the request being served (set by `AuditContextMiddleware`),
read from the header the installation's own proxy sets (`CLIENT_IP_HEADER`), never from one a
client could send past the proxy. Ballot contents are never passed here: a ballot's event says
that a unit voted in a round, as the register of voters does, and nothing of its choices.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from clusters.models import AuditEvent, EmulationYear, User

# Every action the app records, with the words the activity log shows. One list for all apps:
# the log's filter offers them in this order.
ACTIONS: dict[str, Any] = {
    "auth.login": _("Đăng nhập"),
    "auth.logout": _("Đăng xuất"),
    "auth.login_failed": _("Đăng nhập không thành công"),
    "auth.lockout": _("Tạm khóa đăng nhập"),
    "auth.two_factor_setup": _("Thiết lập xác thực hai lớp"),
    "auth.two_factor_remove": _("Gỡ bỏ xác thực hai lớp"),
    "auth.two_factor_failed": _("Nhập sai mã xác thực"),
    "auth.recovery_code_used": _("Dùng mã dự phòng"),
    "auth.recovery_codes_renewed": _("Tạo lại mã dự phòng"),
    "admin.add": _("Thêm trong trang quản trị"),
    "admin.change": _("Sửa trong trang quản trị"),
    "admin.delete": _("Xóa trong trang quản trị"),
    "unit.save": _("Khai báo đơn vị"),
    "cluster.save": _("Khai báo cụm, khối thi đua"),
    "council.save": _("Khai báo hội đồng thi đua, khen thưởng"),
    "council.officer": _("Giao cán bộ của hội đồng"),
    "council.officer_remove": _("Thôi giao cán bộ của hội đồng"),
    "account.save": _("Khai báo tài khoản"),
    "account.notifications": _("Đổi cách nhận thông báo"),
    "campaign.save": _("Khai báo phong trào thi đua"),
    "year.update": _("Cập nhật năm thi đua"),
    "year.phase": _("Chuyển giai đoạn"),
    "year.timeline": _("Đặt mốc thời gian của năm"),
    "year.close": _("Khép lại năm thi đua"),
    "year.open": _("Mở năm thi đua"),
    "year.leaders": _("Đặt trưởng, phó cụm, khối"),
    "membership.add": _("Thêm đơn vị thành viên"),
    "representative.save": _("Khai báo người đại diện"),
    "campaigns.set": _("Chọn phong trào thi đua"),
    "campaign_report.save": _("Báo cáo phong trào"),
    "covenant.draft": _("Soạn giao ước"),
    "covenant.open": _("Mở ký giao ước"),
    "covenant.sign": _("Ký giao ước"),
    "covenant.signed": _("Giao ước đã ký đủ"),
    "covenant.amend": _("Sửa đổi giao ước"),
    "covenant.prepare_external": _("Chuẩn bị ký số giao ước bằng thiết bị ký bên ngoài"),
    "signing_key.upload": _("Tải lên chứng thư số của đơn vị"),
    "conference.save": _("Cập nhật hội nghị tổng kết"),
    "criteria.change": _("Sửa bảng tiêu chí"),
    "criteria.copy": _("Sao chép bảng tiêu chí"),
    "assessment.save": _("Lưu bảng tự chấm điểm"),
    "assessment.submit": _("Nộp bảng tự chấm điểm"),
    "assessment.import": _("Tải lên bảng điểm Excel"),
    "evidence.add": _("Thêm minh chứng"),
    "evidence.delete": _("Xóa minh chứng"),
    "adjustment.create": _("Điều chỉnh điểm"),
    "adjustment.answer": _("Giải trình"),
    "adjustment.waive": _("Không giải trình"),
    "adjustment.resolve": _("Kết luận điều chỉnh"),
    "assessment.finalise": _("Hoàn tất bảng điểm"),
    "round.create": _("Tạo vòng bỏ phiếu"),
    "round.open": _("Mở bỏ phiếu"),
    "round.close": _("Kết thúc bỏ phiếu"),
    "round.minutes": _("Ghi thông tin biên bản kiểm phiếu"),
    "round.hall_count": _("Nhập kết quả kiểm phiếu giấy"),
    "round.cancel": _("Hủy vòng bỏ phiếu"),
    "round.delete": _("Xóa vòng bỏ phiếu"),
    "ballot.cast": _("Bỏ phiếu"),
    "proposal.draft": _("Lập tờ trình"),
    "proposal.update": _("Sửa tờ trình"),
    "proposal.send": _("Gửi tờ trình"),
    "proposal.decide": _("Ghi nhận quyết định cho tờ trình"),
    "proposal.delete": _("Xóa dự thảo tờ trình"),
    "proposal.council_outcome": _("Ghi nhận ý kiến của hội đồng về tờ trình"),
    "decision.create": _("Tạo quyết định khen thưởng"),
    "decision.update": _("Sửa quyết định khen thưởng"),
    "decision.delete": _("Xóa quyết định khen thưởng"),
    "recipient.create": _("Thêm người, tập thể được khen"),
    "recipient.update": _("Sửa người, tập thể được khen"),
    "recipient.delete": _("Xóa người, tập thể được khen"),
    "recipients.import": _("Nhập danh sách khen thưởng từ Excel"),
    "recipients.import_request": _("Gửi tệp Excel lớn để nhập danh sách khen thưởng trong nền"),
    "dossier.request": _("Yêu cầu tạo hồ sơ năm thi đua"),
    "dossier.export": _("Tải hồ sơ năm thi đua"),
    "certificates.request": _("Yêu cầu tạo bằng khen của quyết định"),
    # API clients (config/api/services.py) and every call they make (config/api/clients.py).
    "api_client.issue": _("Cấp khóa truy cập API"),
    "api_client.revoke": _("Thu hồi khóa truy cập API"),
    "api.call": _("Gọi API"),
    # The set-up pages (clusters/setup.py, clusters/accounts.py, clusters/bulk.py).
    "membership.role": _("Đổi vai trò đơn vị thành viên"),
    "membership.remove": _("Bớt đơn vị thành viên"),
    "review.assign": _("Phân công chấm chéo"),
    "review.unassign": _("Bỏ phân công chấm chéo"),
    "grant.add": _("Giao quyền thư ký"),
    "grant.remove": _("Thu hồi quyền thư ký"),
    "account.invite": _("Gửi thư mời tạo tài khoản"),
    "account.password": _("Đặt mật khẩu"),
    "account.deactivate": _("Ngừng tài khoản"),
    "account.activate": _("Mở lại tài khoản"),
    "bulk.import": _("Nhập đơn vị, tài khoản từ Excel"),
    "bulk.import_request": _("Gửi tệp Excel lớn để nhập đơn vị, tài khoản trong nền"),
    # The public results page (clusters/publication.py).
    "year.publish": _("Công khai kết quả năm thi đua"),
    "year.unpublish": _("Thu hồi công khai kết quả năm thi đua"),
}

_client_ip: ContextVar[str | None] = ContextVar("audit_client_ip", default=None)


def client_ip(request: HttpRequest) -> str | None:
    """The client's address as the installation's proxy reports it.

    `CLIENT_IP_HEADER` names the META key the proxy sets (e.g. HTTP_X_REAL_IP); for
    X-Forwarded-For the last entry is the one our proxy appended, the others came from the client.
    """
    raw = request.META.get(settings.CLIENT_IP_HEADER) or ""
    if settings.CLIENT_IP_HEADER == "HTTP_X_FORWARDED_FOR":
        raw = raw.split(",")[-1]
    raw = raw.strip() or request.META.get("REMOTE_ADDR", "")
    try:
        return str(ipaddress.ip_address(raw))
    except ValueError:
        return None


class AuditContextMiddleware:
    """Makes the request's client address available to the services it calls."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _client_ip.set(client_ip(request))
        try:
            return self.get_response(request)
        finally:
            _client_ip.reset(token)


@contextmanager
def acting_from(ip: str | None) -> Iterator[None]:
    """Events recorded by a background task carry the address of the request that queued it."""
    token = _client_ip.set(ip)
    try:
        yield
    finally:
        _client_ip.reset(token)


def _year_of(target: models.Model | None) -> EmulationYear | None:
    if isinstance(target, EmulationYear):
        return target
    year = getattr(target, "year", None)
    return year if isinstance(year, EmulationYear) else None


def record(
    *,
    actor: User | None,
    action: str,
    target: models.Model | None = None,
    year: EmulationYear | None = None,
    summary: str = "",
    changes: Mapping[str, Any] | None = None,
    ip: str | None = None,
    require_transaction: bool = True,
) -> AuditEvent:
    """Write one audit event. Call it inside the service's transaction."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    if require_transaction and not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit.record() belongs inside the service's transaction")
    year = year or _year_of(target)
    actor = actor if actor is not None and actor.pk is not None else None
    return AuditEvent.objects.create(
        actor=actor,
        actor_name=(actor.full_name or actor.username)[:150] if actor else "",
        unit_id=actor.unit_id if actor else None,
        ip=ip or _client_ip.get(),
        action=action,
        cluster_id=year.cluster_id if year else None,
        year=year,
        target_type=ContentType.objects.get_for_model(target) if target is not None else None,
        target_id=target.pk if target is not None else None,
        target_repr=str(target)[:200] if target is not None else "",
        summary=summary,
        changes=dict(changes or {}),
    )


def snapshot(obj: models.Model, fields: Iterable[str]) -> dict[str, str]:
    """The fields' values as text, to compare before and after a change."""
    values: dict[str, str] = {}
    for name in fields:
        value = getattr(obj, name)
        display = getattr(obj, f"get_{name}_display", None)
        values[name] = "" if value is None else str(display() if display else value)
    return values


def diff(before: Mapping[str, str], after: Mapping[str, str]) -> dict[str, list[str]]:
    """{field: [old, new]} for the fields that changed."""
    return {
        name: [before.get(name, ""), value]
        for name, value in after.items()
        if before.get(name, "") != value
    }


def events_for(target: models.Model) -> models.QuerySet[AuditEvent]:
    """An object's own history, newest first."""
    return AuditEvent.objects.filter(
        target_type=ContentType.objects.get_for_model(target), target_id=target.pk
    ).select_related("actor", "unit")


def action_label(code: str) -> str:
    return str(ACTIONS.get(code, code))


# --- sign-ins and lockouts: the administrator reads them in the same log ---------------------


def on_login(sender, request, user, **kwargs) -> None:
    with transaction.atomic():
        record(actor=user, action="auth.login", ip=client_ip(request) if request else None)


def on_logout(sender, request, user, **kwargs) -> None:
    if user is not None:
        with transaction.atomic():
            record(actor=user, action="auth.logout", ip=client_ip(request) if request else None)


def on_login_failed(sender, credentials, request=None, **kwargs) -> None:
    username = str((credentials or {}).get("username", ""))[:150]
    with transaction.atomic():
        record(
            actor=None,
            action="auth.login_failed",
            summary=username,
            ip=client_ip(request) if request else None,
        )


def on_lockout(sender, request, username=None, ip_address=None, **kwargs) -> None:
    with transaction.atomic():
        record(
            actor=None,
            action="auth.lockout",
            summary=str(username or "")[:150],
            ip=ip_address or (client_ip(request) if request else None),
        )


def connect_auth_signals() -> None:
    """Sign-in events come from Django's and django-axes' signals (not domain logic)."""
    from axes.signals import user_locked_out
    from django.contrib.auth import signals

    signals.user_logged_in.connect(on_login, dispatch_uid="audit_login")
    signals.user_logged_out.connect(on_logout, dispatch_uid="audit_logout")
    signals.user_login_failed.connect(on_login_failed, dispatch_uid="audit_login_failed")
    user_locked_out.connect(on_lockout, dispatch_uid="audit_lockout")


def record_many(
    *,
    actor: User | None,
    action: str,
    targets: Iterable[tuple[models.Model, str]],
    year: EmulationYear | None = None,
) -> list[AuditEvent]:
    """One event per (target, summary), written in one query (an import of many rows)."""
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit.record_many() belongs inside the service's transaction")
    actor = actor if actor is not None and actor.pk is not None else None
    ip = _client_ip.get()
    events = []
    for target, summary in targets:
        events.append(
            AuditEvent(
                actor=actor,
                actor_name=(actor.full_name or actor.username)[:150] if actor else "",
                unit_id=actor.unit_id if actor else None,
                ip=ip,
                action=action,
                cluster_id=year.cluster_id if year else None,
                year=year,
                target_type=ContentType.objects.get_for_model(target),
                target_id=target.pk,
                target_repr=str(target)[:200],
                summary=summary,
            )
        )
    return AuditEvent.objects.bulk_create(events)
