import pytest
from django.test import Client

from tests.personas import World, build_world


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings, tmp_path):
    # Test settings change only speed (a fast hasher: demo accounts are hashed often) and keep
    # uploaded files out of the project's media folder.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"


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
