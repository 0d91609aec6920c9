import pytest


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    """Each test starts with no public requests counted for the test client's address."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


# The browser test uses the browser tests' fixtures: Debian's chromium, and a page that fails
# on a Content-Security-Policy violation.
from tests.browser.conftest import browser_type_launch_args, csp_violations, page  # noqa: E402, F401
