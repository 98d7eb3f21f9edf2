"""engine.rules.dates: the one formatter of dates and moments (Babel, locale "id" by default)."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from engine.rules.dates import format_day, format_moment, weekday_name, weekday_names

UTC = timezone.utc


def test_weekday_names_monday_first():
    assert weekday_names() == ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
    assert weekday_name(0) == "Senin" and weekday_name(6) == "Minggu"
    assert weekday_name(date(2026, 1, 9).weekday()) == "Jumat"


def test_format_day_writes_the_day_unpadded():
    assert format_day(date(2026, 1, 5)) == "Senin, 5 Januari 2026"
    assert format_day(date(2026, 8, 17), with_weekday=False) == "17 Agustus 2026"
    assert [format_day(date(2026, m, 1), with_weekday=False).split()[1] for m in range(1, 13)] == [
        "Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
        "Oktober", "November", "Desember"]


@pytest.mark.parametrize(
    "zone, expected",
    [
        ("Asia/Jakarta", "Senin, 5 Januari 2026, 15.00 WIB"),
        ("Asia/Makassar", "Senin, 5 Januari 2026, 16.00 WITA"),
        ("Asia/Jayapura", "Senin, 5 Januari 2026, 17.00 WIT"),
        ("Europe/Amsterdam", "Senin, 5 Januari 2026, 09.00 Europe/Amsterdam"),
    ],
)
def test_format_moment_in_a_zone(zone, expected):
    assert format_moment(datetime(2026, 1, 5, 8, 0, tzinfo=UTC), ZoneInfo(zone)) == expected


def test_format_moment_without_weekday_and_in_its_own_zone():
    moment = datetime(2026, 1, 5, 9, 5, tzinfo=ZoneInfo("Asia/Makassar"))
    assert format_moment(moment, with_weekday=False) == "5 Januari 2026, 09.05 WITA"
    assert format_moment(datetime(2026, 1, 5, 8, 0, tzinfo=UTC)) == "Senin, 5 Januari 2026, 08.00 UTC"
    fixed = timezone(timedelta(hours=7))
    assert format_moment(datetime(2026, 1, 5, 8, 0, tzinfo=fixed)).endswith("08.00 UTC+07:00")


def test_another_locale_uses_the_standard_formats():
    moment = datetime(2026, 1, 5, 8, 0, tzinfo=UTC)
    assert format_moment(moment, ZoneInfo("Asia/Jakarta"), locale="en").startswith("Monday, January 5, 2026, 3:00")
    assert weekday_names("en")[0] == "Monday"
