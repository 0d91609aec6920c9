"""The contract check: a response validated against the component schema the OpenAPI schema
names for it (JSON Schema 2020-12, which OpenAPI 3.1 uses)."""

from __future__ import annotations

import functools
from typing import Any

from django.test import Client
from jsonschema import Draft202012Validator


@functools.cache
def openapi() -> dict[str, Any]:
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


def component_of(path: str, status: str = "200") -> str:
    """The component named by the schema for GET `path`'s answer (path as in the schema)."""
    operation = openapi()["paths"][path]["get"]
    content = operation["responses"][status]["content"]
    media = "application/json" if status == "200" else "application/problem+json"
    return content[media]["schema"]["$ref"].rsplit("/", 1)[-1]


def check(data: Any, component: str) -> None:
    schema = {
        "$ref": f"#/components/schemas/{component}",
        "components": openapi()["components"],
    }
    errors = sorted(Draft202012Validator(schema).iter_errors(data), key=str)
    assert errors == [], f"{component}: {[e.message for e in errors][:5]}"
