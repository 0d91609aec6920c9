"""The year's flow (config/year.py): one value, read in order, swapped whole by a test."""

from __future__ import annotations

import ast
import dataclasses
from pathlib import Path

import pytest
from django.test import override_settings
from django.urls import reverse

from campaigns import report
from clusters import closing
from clusters.documents import roman
from clusters.flow import (
    Column,
    DashboardPart,
    ReportSection,
    Todo,
    YearFlow,
    YearLink,
    year_flow,
)
from config.year import FLOW

ROOT = Path(__file__).resolve().parent.parent.parent


def test_roman_numerals_for_any_count():
    assert [roman(n) for n in (1, 4, 9, 10, 12, 14, 40, 90, 1999)] == [
        "I", "IV", "IX", "X", "XII", "XIV", "XL", "XC", "MCMXCIX",
    ]  # fmt: skip
    with pytest.raises(ValueError):
        roman(0)


def test_the_settings_name_the_flow_of_config_year():
    assert year_flow() is FLOW


@pytest.mark.django_db
def test_the_report_has_the_flows_sections_in_order(world):
    sections = report.report_context(world.year)["sections"]
    assert [(s.number, s.title) for s in sections] == [
        ("I", "Tổ chức của Cụm và hội nghị tổng kết"),
        ("II", "Kết quả thực hiện các phong trào thi đua"),
        ("III", "Công tác khen thưởng"),
        ("IV", "Kết quả chấm điểm, xếp hạng"),
        ("V", "Kết quả bình xét, suy tôn"),
        ("VI", "Đề nghị khen thưởng"),
        ("VII", "Khen thưởng của Cụm trưởng"),
        ("VIII", "Tồn tại, hạn chế"),
        ("IX", "Phương hướng, nhiệm vụ năm sau"),
        ("X", "Cụm trưởng, Cụm phó năm sau"),
    ]


def _echo(source) -> dict:
    """A section that shows what it was given: the year, and the conference read once."""
    return {"year": source.year.year, "conference": source.conference}


# Fourteen sections: more than the twelve Roman numerals the report used to know.
MANY_SECTIONS = dataclasses.replace(
    FLOW,
    report_sections=tuple(
        ReportSection(f"Mục {n}", "documents/report/narrative.html", _echo) for n in range(14)
    ),
)


@pytest.mark.django_db
@override_settings(YEAR_FLOW="tests.clusters.test_flow.MANY_SECTIONS")
def test_override_settings_swaps_the_flow_and_sections_are_numbered_past_twelve(world):
    sections = report.report_context(world.year)["sections"]
    assert [s.number for s in sections][-3:] == ["XII", "XIII", "XIV"]
    assert sections[0].data == {"year": 2018, "conference": None}


def test_the_flow_comes_back_when_the_override_ends():
    with override_settings(YEAR_FLOW="tests.clusters.test_flow.MANY_SECTIONS"):
        assert year_flow() is MANY_SECTIONS
    assert year_flow() is FLOW


def test_the_setting_must_name_a_year_flow():
    with override_settings(YEAR_FLOW="config.year.YearLink"), pytest.raises(TypeError):
        year_flow()


def _marked(year, memberships) -> DashboardPart:
    return DashboardPart(
        todos=[Todo(m.unit_id, "Việc thử", "/viec-thu/") for m in memberships if m.role == "head"],
        columns=[Column("Cột thử", {m.unit_id: m.unit.slug for m in memberships})],
    )


SMALL = YearFlow(
    work=(_marked,),
    year_links=(YearLink("Chỉ một liên kết", "clusters:year_edit"),),
)


@pytest.mark.django_db
@override_settings(YEAR_FLOW="tests.clusters.test_flow.SMALL")
def test_the_dashboard_shows_what_the_flow_gives_and_nothing_else(world, as_persona):
    text = as_persona("own").get(world.year.get_absolute_url()).text
    assert "Cột thử" in text and "nam-dinh" in text and text.count("Việc thử") == 1
    assert "Chỉ một liên kết" in text
    assert reverse("clusters:year_edit", args=[world.cluster.slug, 2018]) in text
    # The default flow's parts are gone with it.
    assert "Bảng điểm" not in text and "Khai báo người đại diện ký giao ước" not in text


@pytest.mark.django_db
def test_the_default_dashboard_has_the_sheet_column_and_the_links_in_the_years_order(
    world, as_persona
):
    text = as_persona("own").get(world.year.get_absolute_url()).text
    links = text[text.index('data-testid="year-links"') :]
    order = ["Phong trào thi đua", "Giao ước thi đua", "Bảng tiêu chí", "Xếp hạng", "Bỏ phiếu"]
    order += ["Hội nghị tổng kết", "Khen thưởng"]
    positions = [links.index(label) for label in order]
    assert positions == sorted(positions)
    assert "Bảng điểm" in text and "Chưa bắt đầu" in text


CALLS: list[dict] = []


def _remember(**kwargs) -> None:
    CALLS.append(kwargs)


def _nobody_is_ready(year) -> list[str]:
    return ["Chưa xong việc thử"]


WITH_CARRY_OVER = YearFlow(carry_overs=(_remember,))
NOT_READY = YearFlow(close_checks=(_nobody_is_ready,))


@pytest.mark.django_db
@override_settings(YEAR_FLOW="tests.clusters.test_flow.WITH_CARRY_OVER")
def test_carry_overs_receive_the_closed_year_the_next_and_the_actor(world):
    CALLS.clear()
    following = closing.year_close(actor=world.secretariat, year=world.year)
    (call,) = CALLS
    assert call == {"closed": world.year, "following": following, "actor": world.secretariat}
    # No provider of next leaders in this flow: the next year waits for its head.
    assert not following.memberships.filter(role="head").exists()


@pytest.mark.django_db
@override_settings(YEAR_FLOW="tests.clusters.test_flow.NOT_READY")
def test_close_checks_come_from_the_flow(world):
    with pytest.raises(closing.YearNotReady) as refused:
        closing.year_close(actor=world.secretariat, year=world.year)
    assert refused.value.remaining == ["Chưa xong việc thử"]
    world.year.refresh_from_db()
    assert not world.year.is_closed


# --- the dependency rule: only config/year.py (and config/urls.py) compose the apps ---------

LAYERS = ["clusters", "campaigns", "scoring", "awards"]


def _imported_apps(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
        elif isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
    return names & set(LAYERS)


@pytest.mark.parametrize("app", LAYERS)
def test_an_app_imports_only_the_apps_below_it(app):
    above = set(LAYERS[LAYERS.index(app) + 1 :])
    wrong = {
        str(path.relative_to(ROOT)): sorted(_imported_apps(path) & above)
        for path in (ROOT / app).rglob("*.py")
        if "migrations" not in path.parts and _imported_apps(path) & above
    }
    assert wrong == {}


def test_no_app_config_registers_anything():
    """Only clusters has a ready(): it connects the sign-in signals (to the audit, and to start a
    session's idle window), nothing else."""
    calls = {}
    for app in LAYERS:
        tree = ast.parse((ROOT / app / "apps.py").read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef) and node.name == "ready":
                calls[app] = sorted(
                    ast.unparse(call.func) for call in ast.walk(node) if isinstance(call, ast.Call)
                )
    assert calls == {"clusters": ["audit.connect_auth_signals", "sessions.connect_session_signals"]}
