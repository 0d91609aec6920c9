"""Browser tests drive Debian's chromium through playwright (never `playwright install`)."""

import os
import shutil

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")

# Playwright's sync API runs an event loop in the test thread; the ORM calls the test makes
# itself (fixtures, assertions, the database flush after the test) are still synchronous and
# safe. Set for the whole run because the flush comes after function-scoped fixtures end.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not shutil.which(CHROMIUM):
        message = f"Debian's chromium is not installed at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        # The closed network refuses Chromium's background connections; root needs no sandbox.
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


# Chromium reports a blocked inline style or script in the console ("Refused to apply inline
# style because it violates the following Content Security Policy directive…"); the page's own
# securitypolicyviolation event is logged too, with this mark, in case a message is worded
# otherwise.
CSP_MARK = "csp-violation:"
REPORT_VIOLATIONS = f"""
document.addEventListener("securitypolicyviolation", (event) => {{
  console.error("{CSP_MARK} " + event.effectiveDirective + " " + (event.blockedURI || "inline")
    + " at " + event.sourceFile + ":" + event.lineNumber);
}});
"""


@pytest.fixture
def csp_violations() -> list[str]:
    """The Content-Security-Policy violations the browser reported during the test."""
    return []


@pytest.fixture
def page(page, csp_violations):
    """Every browser test fails when a page breaks the Content-Security-Policy."""

    def listen(message) -> None:
        if CSP_MARK in message.text or "Content Security Policy" in message.text:
            csp_violations.append(message.text)

    page.on("console", listen)
    page.add_init_script(REPORT_VIOLATIONS)
    yield page
    assert csp_violations == [], "the browser reported Content-Security-Policy violations"


@pytest.fixture
def demo(transactional_db):
    from django.core.management import call_command

    call_command("loaddemo")


@pytest.fixture
def sign_in(page, live_server):
    def sign_in_as(username: str, password: str = "ThiDua@2018"):
        page.goto(f"{live_server.url}/dang-nhap/")
        page.get_by_label("Tên đăng nhập").fill(username)
        page.get_by_label("Mật khẩu").fill(password)
        page.get_by_role("button", name="Đăng nhập").click()
        return page

    return sign_in_as
