"""``santisuk report annual`` in its four formats, and its errors."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from santisuk.stats.selectors import METRIC_KEYS

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(record, make_person, geo_world):
    p = make_person()
    record("2024-02-01", ("theft", "robbery"), status="cleared_by_arrest", arrested=[p])
    record("2024-03-01", ("assault",), place=geo_world.sr_village)
    record("2023-03-01", ("theft",))


def test_json(data, tmp_path):
    out = tmp_path / "review.json"
    call_command("report", "annual", "--year", "2024", "--output", str(out))
    review = json.loads(out.read_text())
    assert list(review) == [
        "year",
        "compared_with",
        "as_of",
        "totals",
        "by_province",
        "by_crime_type",
    ]
    assert list(review["totals"]) == METRIC_KEYS
    assert review["totals"]["reported"] == 2
    assert review["totals"]["reported_change_pct"] == 100.0


def test_json_on_standard_output_for_one_province(data, capfdbinary):
    call_command("report", "annual", "--year", "2024", "--province", "17")
    review = json.loads(capfdbinary.readouterr().out)
    assert review["totals"]["reported"] == 1
    assert [r["province_code"] for r in review["by_province"]] == ["17"]


def test_csv_carries_the_figures_and_the_definitions(data, tmp_path):
    out = tmp_path / "review.csv"
    call_command("report", "annual", "--year", "2024", "--format", "csv", "--output", str(out))
    text = out.read_text(encoding="utf-8-sig")
    assert "Annual work review 2024 compared with 2023" in text
    assert "Phnom Penh" in text and "ចោរកម្ម" in text
    assert "Reported 2024,Reported 2023" in text
    assert "Definitions" in text
    assert "Distinct people arrested in the cases reported in the year" in text


def test_xlsx_is_formatted_for_printing(data, tmp_path):
    out = tmp_path / "review.xlsx"
    call_command("report", "annual", "--year", "2024", "--format", "xlsx", "--output", str(out))
    book = load_workbook(out)
    assert book.sheetnames == ["Totals", "By province", "By crime type"]
    sheet = book["By province"]
    assert sheet["A1"].value.startswith("Annual work review 2024")
    assert sheet["A1"].font.bold
    assert sheet["A4"].value == "Code" and sheet["A4"].font.bold
    assert sheet.page_setup.orientation == "landscape"
    assert sheet.page_setup.fitToWidth == 1
    assert sheet.print_title_rows == "$4:$4"
    assert sheet.column_dimensions["B"].width >= 20
    values = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=5)]
    pp = next(row for row in values if row[0] == "12")
    assert pp[3:7] == [1, 1, 0, 0]  # reported 2024, 2023, change, change (fraction)
    assert any(row[0] == "Definitions" for row in values)
    assert sheet.cell(row=5, column=7).number_format.startswith("+0.0%")


def test_html_is_a_standalone_printable_page(data, tmp_path):
    out = tmp_path / "review.html"
    call_command("report", "annual", "--year", "2024", "--format", "html", "--output", str(out))
    html = out.read_text()
    assert html.startswith("<!doctype html>")
    assert "<svg" in html and "Phnom Penh" in html
    assert "Definitions" in html
    assert "@page" in html
    assert "<script" not in html and 'src="http' not in html and "<link" not in html


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--year", "20x4"], "--year must be a year"),
        (["--year", "1066"], "--year must be between"),
        ([], "Give the year"),
        (["--year", "2024", "--province", "99"], "Unknown province code"),
        (["--year", "2024", "--format", "pdf"], "--format must be one of"),
    ],
)
def test_errors_are_one_line(geo_world, args, message):
    with pytest.raises(CommandError, match=message) as info:
        call_command("report", "annual", *args)
    assert "\n" not in str(info.value)


def test_a_bad_year_exits_1_with_one_line_on_stderr():
    santisuk = Path(sys.executable).with_name("santisuk")
    result = subprocess.run(
        [str(santisuk), "report", "annual", "--year", "soon"],
        capture_output=True,
        text=True,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "santisuk.settings"},
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0
    assert "--year must be a year" in result.stderr
