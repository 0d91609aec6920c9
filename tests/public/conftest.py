import pytest


@pytest.fixture(autouse=True)
def _fresh_rate_limit():
    """Each test starts with no public requests counted for the test client's address."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
