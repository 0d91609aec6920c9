"""The OpenAPI schema validates, says how every operation is secured and how it fails, and the
documentation page is rendered from it with nothing loaded from another host."""

from __future__ import annotations

import re

import pytest
from openapi_spec_validator import validate

from tests.api.contract import openapi

pytestmark = pytest.mark.django_db


def test_the_openapi_schema_validates():
    schema = openapi()
    validate(schema)  # raises on an invalid OpenAPI 3.1 document
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["version"] == "1.0"
    assert len(schema["paths"]) >= 17


def test_every_operation_needs_the_bearer_token_and_answers_problems():
    schema = openapi()
    assert schema["components"]["securitySchemes"]["ClientToken"] == {
        "type": "http",
        "scheme": "bearer",
    }
    for path, methods in schema["paths"].items():
        assert set(methods) == {"get"}, f"{path}: the API is read-only"
        operation = methods["get"]
        assert operation["security"] == [{"ClientToken": []}], path
        for status in ("400", "401", "403", "404", "429"):
            content = operation["responses"][status]["content"]
            assert list(content) == ["application/problem+json"], (path, status)


def test_every_list_takes_updated_since_cursor_and_limit():
    for path, methods in openapi()["paths"].items():
        ref = methods["get"]["responses"]["200"]["content"].get("application/json", {})
        if not ref.get("schema", {}).get("$ref", "").endswith("Page"):
            continue
        names = {p["name"] for p in methods["get"]["parameters"]}
        assert {"updated_since", "cursor", "limit"} <= names, path


def test_the_docs_page_lists_every_operation_and_loads_nothing_from_elsewhere(django_app):
    page = django_app.get("/api/v1/docs")  # anonymous: the documentation is public
    assert page.status_code == 200
    listed = " ".join(c.text for c in page.html.select("[data-testid=api-operations] code"))
    for path in openapi()["paths"]:
        assert f"GET {path}" in listed
    for name in ("DecisionOut", "RecipientOut", "ProblemOut"):
        assert page.html.select_one(f"#schema-{name}") is not None
    assert "updated_at" in page.text and "RFC 9457" in page.text
    external = re.findall(r'(?:src|href)="(https?:)?//', page.text)
    assert external == []
    assert page.click(href="/api/v1/openapi.json").json["openapi"].startswith("3.")


def test_the_api_root_leads_to_its_documentation(client):
    response = client.get("/api/v1/")
    assert response.status_code == 302 and response["Location"] == "/api/v1/docs"


def test_an_unknown_api_path_is_a_problem_too(client):
    response = client.get("/api/v1/khong-co", headers={"Accept-Language": "en"})
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["code"] == "not_found"
