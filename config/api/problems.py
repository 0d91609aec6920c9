"""Errors as RFC 9457 problem details (application/problem+json), in Vietnamese or English.

The API's language is the client's Accept-Language (a machine has no language menu), Vietnamese
unless English is preferred; the `type` URI and `code` never change with the language.
"""

from __future__ import annotations

import json

from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation.trans_real import parse_accept_lang_header

PROBLEM_TYPE = "/api/v1/docs#problem-{code}"

TITLES = {
    "unauthorized": _("Khóa truy cập không hợp lệ"),
    "forbidden": _("Khóa truy cập không được đọc dữ liệu này"),
    "not_found": _("Không tìm thấy"),
    "bad_request": _("Yêu cầu không hợp lệ"),
    "too_many_requests": _("Quá nhiều yêu cầu"),
    "method_not_allowed": _("Phương thức không được hỗ trợ"),
}


class Problem(Exception):
    """A refusal the API answers as problem details; `detail` is a lazy gettext string, and
    `params` fill it in the language of the answer (formatting it at once would fix the
    language of the request that raised it)."""

    def __init__(
        self,
        status: int,
        code: str,
        detail,
        *,
        params: dict | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(str(detail))
        self.status = status
        self.code = code
        self.detail = detail
        self.params = params or {}
        self.headers = headers or {}


def language(request: HttpRequest) -> str:
    for code, _quality in parse_accept_lang_header(request.headers.get("Accept-Language", "")):
        base = code.split("-")[0].lower()
        if base in ("vi", "en"):
            return base
    return "vi"


def response(request: HttpRequest, problem: Problem) -> HttpResponse:
    lang = language(request)
    with translation.override(lang):
        body = {
            "type": PROBLEM_TYPE.format(code=problem.code),
            "title": str(TITLES[problem.code]),
            "status": problem.status,
            "detail": str(problem.detail) % problem.params
            if problem.params
            else str(problem.detail),
            "instance": request.path,
            "code": problem.code,
        }
    answer = HttpResponse(
        json.dumps(body, ensure_ascii=False),
        status=problem.status,
        content_type="application/problem+json",
    )
    answer["Content-Language"] = lang
    for name, value in problem.headers.items():
        answer[name] = value
    return answer
