import pytest
from django.test import Client

from tests.personas import World, build_world

# The `smtp_server` fixture (a real SMTP server, aiosmtpd) for every test that sends e-mail.
pytest_plugins = ["tests.smtp"]


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, tmp_path):
    # Test settings change only speed (a fast hasher: demo accounts are hashed often) and keep
    # uploaded files out of the project's media folder.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _documents_cache_per_test(settings):
    """Drafts are cached by the year's data version: a test database whose ids start again must
    never meet another test's (or another worker's) cached draft."""
    from django.core.cache import caches

    settings.CACHES = {
        **settings.CACHES,
        "documents": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "t"},
    }
    caches["documents"].clear()
    caches["default"].clear()  # the sheet rows and the dashboard's table are keyed the same way
    yield
    caches["documents"].clear()
    caches["default"].clear()


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings):
    """Background tasks (the year's dossier) run when enqueued, in the test's own process and
    transaction; production queues them in the database for `manage.py db_worker`."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _administrators_pass_the_second_factor():
    """An administrator signed in by force_login or django-webtest's user= has a session verified
    by a second factor, as the sign-in page gives after the code (tests/auth/sessions.py)."""
    from django.contrib.auth.signals import user_logged_in

    from tests.auth.sessions import DISPATCH_UID, verify_on_login

    user_logged_in.connect(verify_on_login, dispatch_uid=DISPATCH_UID)
    yield
    user_logged_in.disconnect(dispatch_uid=DISPATCH_UID)


@pytest.fixture
def world(db) -> World:
    return build_world()


@pytest.fixture
def as_persona(world):
    """as_persona("own") returns a Client signed in as that persona (or anonymous)."""

    def make(name: str) -> Client:
        client = Client()
        user = world.persona(name)
        if user is not None:
            client.force_login(user)
        return client

    return make


@pytest.fixture(autouse=True)
def _award_catalogue(request):
    """Transactional tests (the browser ones) flush every table when they end, including the
    rows a data migration seeded: put the award catalogue back for the tests that follow."""
    marker = request.node.get_closest_marker("django_db")
    transactional = "transactional_db" in request.fixturenames or (
        marker is not None and marker.kwargs.get("transaction")
    )
    if transactional:
        request.getfixturevalue("transactional_db")
    elif "db" in request.fixturenames or marker is not None:
        request.getfixturevalue("db")
    else:
        return
    from awards.catalogue import seed_defaults
    from awards.models import AwardQuota, AwardType

    seed_defaults(AwardType, AwardQuota)


@pytest.fixture(autouse=True)
def _no_seal_unless_configured(settings):
    """Covenants open for digital signing only when a test configures the installation's seal
    (tests/signing/conftest.py `seal_configured`): a demo PKI left under var/ must not change
    what the other tests see."""
    settings.SIGNING_PKCS12_PATH = ""
