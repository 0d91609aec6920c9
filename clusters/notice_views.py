"""The person's notices (the bell's page) and their e-mail setting."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from clusters import notifications
from clusters.models import Notification

NOTICES_PER_PAGE = 30


@never_cache
@require_safe
def notices(request: HttpRequest) -> HttpResponse:
    """The person's own notices, newest first; each opens (and is marked read) by a POST."""
    mine = Notification.objects.filter(recipient=request.user).select_related("year__cluster")
    page = Paginator(mine.order_by("-created_at", "-pk"), NOTICES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "clusters/notices.html", {"page": page})


@require_POST
def notice_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark the notice read and go where it links; someone else's notice does not exist here."""
    notice = get_object_or_404(Notification, pk=pk, recipient=request.user)
    notifications.notice_read(actor=request.user, notice=notice)
    # Stored by notify(), which takes only a path of this site; checked again all the same.
    if url_has_allowed_host_and_scheme(notice.url, allowed_hosts=None) and notice.url.startswith(
        "/"
    ):
        return redirect(notice.url)
    return redirect("clusters:notices")


@require_POST
def notices_read_all(request: HttpRequest) -> HttpResponse:
    count = notifications.notices_read_all(actor=request.user)
    if count:
        messages.success(request, _("Đã đánh dấu tất cả thông báo là đã đọc."))
    return redirect("clusters:notices")


class NoticeSettingsForm(forms.Form):
    email_notifications = forms.BooleanField(
        label=gettext_lazy("Nhận thông báo qua e-mail"),
        required=False,
        help_text=gettext_lazy(
            "Thư gửi đến địa chỉ e-mail của tài khoản. Thông báo trong ứng dụng vẫn hiện ở "
            "chuông thông báo."
        ),
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def notice_settings(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = NoticeSettingsForm(request.POST)
        if form.is_valid():
            notifications.notice_settings_save(
                actor=request.user, email_notifications=form.cleaned_data["email_notifications"]
            )
            messages.success(request, _("Đã lưu cách nhận thông báo."))
            return redirect("clusters:notice_settings")
    else:
        form = NoticeSettingsForm(initial={"email_notifications": request.user.email_notifications})
    return render(request, "clusters/notice_settings.html", {"form": form})
