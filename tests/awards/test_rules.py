"""The import rules and quotas, without a database."""

from decimal import Decimal

from awards.rules import (
    COLUMNS,
    MAX_ROWS,
    AwardChoice,
    CellError,
    check_header,
    draft_refusal,
    parse_recipient_rows,
    quota_check,
    quota_limit,
)
from clusters.text import fold

MERIT = AwardChoice(1, "Bằng khen của Chủ tịch UBND tỉnh", "both")
FLAG = AwardChoice(2, "Cờ thi đua cấp tỉnh", "collective")
AWARDS = {fold(MERIT.name): MERIT, fold(FLAG.name): FLAG}
UNITS = {"nam dinh": 10, "ha nam": 11}


def _parse(*rows):
    return parse_recipient_rows(
        [(number, row) for number, row in enumerate(rows, start=2)], award_types=AWARDS, units=UNITS
    )


def _row(kind="Cá nhân", name="Nguyễn Văn A", unit="Nam Định", award=MERIT.name, **more):
    return (1, kind, name, more.get("position", "Chuyên viên"), "Sở Nội vụ", unit, award, "")


def test_a_valid_row_is_parsed_with_its_ids():
    rows, errors = _parse(_row())
    assert errors == []
    assert rows[0].kind == "individual" and rows[0].unit_id == 10 and rows[0].award_type_id == 1
    assert rows[0].name == "Nguyễn Văn A" and rows[0].row == 2


def test_kind_award_and_unit_are_matched_without_diacritics_or_case():
    rows, errors = _parse(
        _row(kind="TAP THE", unit="nam dinh", award="bang khen cua chu tich ubnd tinh")
    )
    assert errors == [] and rows[0].kind == "collective"


def test_every_error_is_named_by_its_cell():
    rows, errors = _parse(
        _row(name=""),  # row 2: no name
        _row(award="Huân chương Sao Vàng"),  # row 3: unknown award type
        _row(kind="Cá nhân", award=FLAG.name),  # row 4: flag is for collectives
        _row(kind="Hộ gia đình", unit="Hà Giang"),  # row 5: two errors
        _row(award=""),  # row 6: no award type
    )
    assert rows == []
    cells = [e.cell for e in errors]
    assert cells == ["C2", "G3", "G4", "B5", "F5", "G6"]
    messages = {e.cell: e.message for e in errors}
    assert messages["C2"] == "Thiếu tên tập thể hoặc họ và tên."
    assert "Huân chương Sao Vàng" in messages["G3"] and "danh mục" in messages["G3"]
    assert messages["G4"] == "“Cờ thi đua cấp tỉnh” không dành cho cá nhân."
    assert "Tập thể" in messages["B5"]
    assert "Hà Giang" in messages["F5"]
    assert str(errors[0]) == "C2: Thiếu tên tập thể hoặc họ và tên."


def test_blank_rows_are_skipped_and_an_empty_sheet_is_an_error():
    rows, errors = _parse((None,) * 8, _row())
    assert len(rows) == 1 and rows[0].row == 3 and errors == []
    rows, errors = _parse((None,) * 8, (5, None, "  "))
    assert rows == [] and errors == [CellError("A2", "Bảng tính không có dòng dữ liệu nào.")]


def test_duplicates_in_the_file_point_to_the_first_row():
    _rows, errors = _parse(_row(), _row(name="nguyễn văn a"))
    assert [e.cell for e in errors] == ["C3"] and "dòng 2" in errors[0].message


def test_too_long_a_name_and_too_many_rows():
    _rows, errors = _parse(_row(name="A" * 201))
    assert [e.cell for e in errors] == ["C2"]
    many = [(n, _row(name=f"Người {n}")) for n in range(2, MAX_ROWS + 3)]
    rows, errors = parse_recipient_rows(many, award_types=AWARDS, units=UNITS)
    assert errors[-1].cell == f"A{MAX_ROWS + 2}"


def test_numbers_typed_in_text_cells_are_read_as_text():
    rows, errors = _parse((1, "Cá nhân", 12345.0, None, None, None, MERIT.name, None))
    assert errors == [] and rows[0].name == "12345"


def test_header_must_match_the_template():
    assert check_header([title for _key, title in COLUMNS]) == []
    errors = check_header(["STT", "Loại", "Tên"])
    assert errors[0].cell == "B1" and len(errors) == len(COLUMNS) - 1


def test_the_unit_column_is_named_for_every_kind_and_old_templates_still_read():
    titles = [str(title) for _key, title in COLUMNS]
    assert "Đơn vị thành viên" in titles and not any("Tỉnh" in t for t in titles)
    earlier = ["Tỉnh, đơn vị thành viên" if t == "Đơn vị thành viên" else t for t in titles]
    assert check_header(earlier) == []


def test_quota_rounds_down_but_allows_one():
    assert quota_limit(Decimal("0.20"), 9) == 1
    assert quota_limit(Decimal("0.20"), 10) == 2
    assert quota_limit(Decimal("0.20"), 14) == 2
    assert quota_limit(Decimal("0.20"), 0) == 0
    assert quota_limit(Decimal("0"), 9) == 0


def test_quota_check_flags_more_units_than_the_share_allows():
    flag = quota_check(rule="20%", share=Decimal("0.2"), base_count=9, proposed=1)
    assert (flag.limit, flag.exceeded, flag.percent) == (1, False, "20")
    two = quota_check(rule="20%", share=Decimal("0.2"), base_count=9, proposed=2)
    assert two.exceeded
    assert quota_check(rule="", share=Decimal("0.125"), base_count=16, proposed=2).percent == "12,5"
    assert not quota_check(rule="", share=Decimal("0.2"), base_count=10, proposed=2).exceeded


def test_draft_refusal_names_the_first_reason_and_none_when_a_round_can_propose():
    good = dict(
        round_closed=True,
        round_proposes=True,
        has_tie=False,
        elected=1,
        already_drafted=False,
    )
    assert draft_refusal(**good) is None
    cases = {
        "Chỉ vòng bỏ phiếu đề nghị": {"round_proposes": False, "round_closed": False},
        "chưa kết thúc": {"round_closed": False, "has_tie": True},
        "đã có tờ trình": {"already_drafted": True, "has_tie": True},
        "bằng phiếu": {"has_tie": True, "elected": 0},
        "Không đơn vị nào": {"elected": 0},
    }
    for words, changes in cases.items():
        assert words in draft_refusal(**{**good, **changes})
