"""Issuing and revoking API clients (the administrator's pages, config/api/views.py).

Each is one transaction with its audit event, as every service of the project. Revoking writes
`revoked_at`, which the next call reads from the database: it works at once.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from clusters import audit
from clusters.models import ApiClient, Cluster, Council, User
from clusters.services import Refused
from config.api import tokens

# What a client may be allowed to read: the resources of /api/v1/ (config/api/endpoints.py).
RESOURCES = {
    "units": gettext_lazy("Đơn vị (loại, mã hành chính, hiệu lực, đơn vị kế thừa)"),
    "clusters": gettext_lazy("Cụm, khối thi đua"),
    "years": gettext_lazy("Năm thi đua (giai đoạn, mốc thời gian, trưởng, phó, thành viên)"),
    "criteria": gettext_lazy("Bảng tiêu chí"),
    "rankings": gettext_lazy("Điểm cuối cùng và xếp hạng"),
    "covenants": gettext_lazy("Giao ước thi đua"),
    "rounds": gettext_lazy("Kết quả bỏ phiếu đã kết thúc (số phiếu, mã băm bảng kết quả)"),
    "proposals": gettext_lazy("Tờ trình đề nghị khen thưởng"),
    "decisions": gettext_lazy("Quyết định khen thưởng và người, tập thể được khen"),
    "documents": gettext_lazy("Tài liệu đã lưu (thông tin, SHA-256, tải về)"),
    "dossier": gettext_lazy("Hồ sơ năm (tệp ZIP và danh mục mã băm)"),
    "statistics": gettext_lazy("Thống kê khen thưởng theo hình thức và đối tượng"),
}


def api_client_issue(
    *,
    actor: User,
    organisation: str,
    contact: str,
    clusters: Iterable[Cluster],
    resources: Iterable[str],
    expires_at: datetime.datetime,
    councils: Iterable[Council] = (),
) -> tuple[ApiClient, str]:
    """A new client and its token; the token is returned once and never stored. Its scope is
    the clusters chosen and every cluster of the councils chosen."""
    chosen = sorted(set(resources))
    unknown = [r for r in chosen if r not in RESOURCES]
    if unknown or not chosen:
        raise Refused(_("Hãy chọn ít nhất một loại dữ liệu được đọc."), field="resources")
    clusters, councils = list(clusters), list(councils)
    if not clusters and not councils:
        raise Refused(_("Hãy chọn ít nhất một cụm, khối hoặc một hội đồng."), field="clusters")
    if expires_at <= timezone.now():
        raise Refused(_("Ngày hết hạn phải sau hôm nay."), field="expires_on")
    for _attempt in range(3):  # a prefix already taken (one chance in 10^12): draw again
        made = tokens.new_token()
        try:
            with transaction.atomic():
                client = ApiClient.objects.create(
                    organisation=organisation,
                    contact=contact,
                    resources=chosen,
                    expires_at=expires_at,
                    issued_by=actor,
                    token_prefix=made.prefix,
                    token_hash=made.digest,
                )
                client.clusters.set(clusters)
                client.councils.set(councils)
                audit.record(
                    actor=actor,
                    action="api_client.issue",
                    target=client,
                    summary=organisation,
                    changes={
                        "clusters": [c.slug for c in clusters],
                        "councils": [c.slug for c in councils],
                        "resources": chosen,
                        "expires_at": expires_at.isoformat(),
                    },
                )
            return client, made.token
        except IntegrityError:
            continue
    raise Refused(_("Không tạo được khóa truy cập, hãy thử lại."))


@transaction.atomic
def api_client_revoke(*, actor: User, client: ApiClient) -> ApiClient:
    locked = ApiClient.objects.select_for_update().get(pk=client.pk)
    if locked.revoked_at is not None:
        raise Refused(_("Khóa truy cập này đã bị thu hồi."), status=409)
    locked.revoked_at = timezone.now()
    locked.save(update_fields=["revoked_at"])
    audit.record(
        actor=actor, action="api_client.revoke", target=locked, summary=locked.organisation
    )
    return locked
