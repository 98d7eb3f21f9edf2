"""Business calendar: working days, office hours, zones, durations, Indonesian wording.

Dates used (checked against the holidays package and the SKB 3 Menteri):
- 2025-08-17 Sun Independence Day, 2025-08-18 Mon cuti bersama;
- 2025-12-25 Thu Christmas, 2025-12-26 Fri cuti bersama;
- 2026-02-16 Mon cuti bersama Imlek, 2026-02-17 Tue Imlek;
- 2026-03-18 Wed cuti bersama Nyepi, 03-19 Thu Nyepi, 03-20 Fri cuti bersama,
  03-21/22 Sat/Sun Idul Fitri, 03-23/24 Mon/Tue cuti bersama;
- 2026-01-01 Thu New Year, 2026-01-16 Fri Isra Mikraj; 2027-01-01 Fri New Year.
January 2026 otherwise: Mon 5, Fri 9, Sat 10, Mon 12 are ordinary days.
"""
from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from engine.rules.calendar import (
    ZONES,
    BusinessCalendar,
    OfficeHours,
    cuti_bersama,
    national_holidays,
)
from engine.rules.durations import (
    Duration,
    WorkingTimeLeft,
    describe_duration,
    format_time_left,
    format_working_time,
    parse_duration,
)

WIB = ZoneInfo("Asia/Jakarta")
WITA = ZoneInfo("Asia/Makassar")
WIT = ZoneInfo("Asia/Jayapura")
UTC = timezone.utc


def wib(*args) -> datetime:
    return datetime(*args, tzinfo=WIB)


@pytest.fixture(scope="module")
def cal() -> BusinessCalendar:
    return BusinessCalendar()


def due(cal: BusinessCalendar, start: datetime, duration, **kwargs) -> datetime:
    result = cal.add_duration(start, duration, **kwargs)
    assert result.tzinfo is UTC
    return result


# ---------------------------------------------------------------------------
# Holidays and cuti bersama
# ---------------------------------------------------------------------------

def test_holiday_data_has_the_decreed_cuti_bersama():
    # If this fails the installed `holidays` package is too old for Alur.
    assert set(cuti_bersama(2025)) >= {date(2025, 8, 18), date(2025, 12, 26), date(2025, 4, 7)}
    assert set(cuti_bersama(2026)) == {
        date(2026, 2, 16), date(2026, 3, 18), date(2026, 3, 20), date(2026, 3, 23),
        date(2026, 3, 24), date(2026, 5, 15), date(2026, 5, 28), date(2026, 12, 24),
    }
    assert date(2026, 3, 21) in national_holidays(2026)


def test_non_working_reasons(cal):
    assert cal.non_working_reason(date(2026, 1, 5)) is None
    assert cal.is_working_day(date(2026, 1, 5))
    assert cal.non_working_reason(date(2026, 1, 10)) == "Sabtu"
    assert cal.non_working_reason(date(2026, 1, 11)) == "Minggu"
    assert cal.non_working_reason(date(2026, 1, 1)) == "Tahun Baru Masehi"
    assert cal.non_working_reason(date(2025, 12, 26)) == "Cuti Bersama Hari Raya Natal"
    assert cal.non_working_reason(date(2026, 3, 23)).startswith("Cuti Bersama")
    assert not cal.is_working_day(date(2025, 8, 18))


def test_switching_off_holidays_and_cuti_bersama():
    plain = BusinessCalendar(include_national_holidays=False, include_cuti_bersama=False)
    assert plain.is_working_day(date(2026, 1, 1))
    assert plain.is_working_day(date(2025, 12, 26))
    no_cuti = BusinessCalendar(include_cuti_bersama=False)
    assert no_cuti.is_working_day(date(2025, 12, 26))
    assert not no_cuti.is_working_day(date(2025, 12, 25))


def test_is_working_day_refuses_datetimes(cal):
    with pytest.raises(TypeError):
        cal.is_working_day(wib(2026, 1, 5, 10, 0))


def test_non_working_days_listing(cal):
    days = dict(cal.non_working_days(date(2026, 3, 16), date(2026, 3, 25)))
    assert sorted(days) == [date(2026, 3, d) for d in (18, 19, 20, 21, 22, 23, 24)]
    with_weekends = dict(cal.non_working_days(date(2026, 1, 5), date(2026, 1, 11), weekends=True))
    assert with_weekends == {date(2026, 1, 10): "Sabtu", date(2026, 1, 11): "Minggu"}


# ---------------------------------------------------------------------------
# Days
# ---------------------------------------------------------------------------

def test_one_day_from_friday_afternoon_over_independence_long_weekend(cal):
    # Fri 15 Aug 2025 15:00 WIB; Sat, Sun 17 Aug (holiday), Mon 18 Aug cuti bersama.
    assert due(cal, wib(2025, 8, 15, 15, 0), "P1D") == datetime(2025, 8, 19, 8, 0, tzinfo=UTC)


def test_one_day_from_friday_afternoon_over_imlek_2026(cal):
    # Fri 13 Feb 2026 15:00; Mon 16 Feb cuti bersama, Tue 17 Feb Imlek -> Wed 18 Feb 15:00.
    assert due(cal, wib(2026, 2, 13, 15, 0), "P1D") == wib(2026, 2, 18, 15, 0)


def test_one_day_over_lebaran_2026(cal):
    # Tue 17 Mar 2026; 18-24 Mar are Nyepi, Idul Fitri and cuti bersama -> Wed 25 Mar.
    assert due(cal, wib(2026, 3, 17, 15, 0), "P1D") == wib(2026, 3, 25, 15, 0)
    assert due(cal, wib(2026, 3, 17, 15, 0), "P2D") == wib(2026, 3, 26, 15, 0)


def test_one_day_over_christmas_2025(cal):
    # Wed 24 Dec 2025; Thu 25 Christmas, Fri 26 cuti bersama -> Mon 29 Dec.
    assert due(cal, wib(2025, 12, 24, 15, 0), "P1D") == wib(2025, 12, 29, 15, 0)


def test_year_boundary(cal):
    # Thu 31 Dec 2026 -> Fri 1 Jan 2027 is New Year -> Mon 4 Jan 2027.
    assert due(cal, wib(2026, 12, 31, 10, 0), "P1D") == wib(2027, 1, 4, 10, 0)
    assert due(cal, wib(2026, 12, 31, 15, 45), "PT30M") == wib(2027, 1, 4, 7, 45)


def test_day_past_next_closing_is_clamped(cal):
    # Friday closes 16:30, Monday 16:00: Fri 16:15 + P1D -> Mon 16:00.
    assert due(cal, wib(2026, 1, 9, 16, 15), "P1D") == wib(2026, 1, 12, 16, 0)
    assert due(cal, wib(2026, 1, 8, 16, 0), "P1D") == wib(2026, 1, 9, 16, 30)  # Thu closing -> Fri closing


def test_start_on_saturday_days_end_at_closing_of_nth_working_day(cal):
    assert due(cal, wib(2026, 1, 10, 10, 0), "P1D") == wib(2026, 1, 12, 16, 0)
    assert due(cal, wib(2026, 1, 10, 10, 0), "P2D") == wib(2026, 1, 13, 16, 0)


def test_start_before_opening_or_at_opening_counts_whole_days(cal):
    assert due(cal, wib(2026, 1, 5, 6, 0), "P1D") == wib(2026, 1, 5, 16, 0)
    assert due(cal, wib(2026, 1, 5, 7, 30), "P1D") == wib(2026, 1, 5, 16, 0)
    assert due(cal, wib(2026, 1, 5, 7, 31), "P1D") == wib(2026, 1, 6, 7, 31)
    assert due(cal, wib(2026, 1, 5, 17, 0), "P1D") == wib(2026, 1, 6, 16, 0)


def test_week_is_five_working_days(cal):
    assert due(cal, wib(2026, 1, 5, 10, 0), "P1W") == wib(2026, 1, 12, 10, 0)
    assert due(cal, wib(2026, 1, 5, 10, 0), "P1W") == due(cal, wib(2026, 1, 5, 10, 0), "P5D")
    # Fri 16 Jan 2026 is Isra Mikraj: one more day.
    assert due(cal, wib(2026, 1, 12, 10, 0), "P1W") == wib(2026, 1, 20, 10, 0)


def test_thirty_days(cal):
    # Mon 5 Jan 2026 + 30 working days (16 Jan and 16-17 Feb are off) -> Thu 19 Feb.
    assert due(cal, wib(2026, 1, 5, 10, 0), "P30D") == wib(2026, 2, 19, 10, 0)


# ---------------------------------------------------------------------------
# Hours and minutes
# ---------------------------------------------------------------------------

def test_thirty_minutes_across_closing(cal):
    assert due(cal, wib(2026, 1, 5, 15, 45), "PT30M") == wib(2026, 1, 6, 7, 45)


def test_thirty_minutes_across_friday_later_closing(cal):
    # 15 minutes on Friday (closes 16:30), 15 on Monday.
    assert due(cal, wib(2026, 1, 9, 16, 15), "PT30M") == wib(2026, 1, 12, 7, 45)
    assert due(cal, wib(2026, 1, 9, 15, 45), "PT30M") == wib(2026, 1, 9, 16, 15)


def test_hours_from_outside_office_hours(cal):
    assert due(cal, wib(2026, 1, 10, 10, 0), "PT1H") == wib(2026, 1, 12, 8, 30)
    assert due(cal, wib(2026, 1, 5, 5, 0), "PT1H") == wib(2026, 1, 5, 8, 30)
    assert due(cal, wib(2026, 1, 5, 20, 0), "PT1H") == wib(2026, 1, 6, 8, 30)


def test_working_time_ending_exactly_at_closing(cal):
    assert due(cal, wib(2026, 1, 5, 15, 30), "PT30M") == wib(2026, 1, 5, 16, 0)
    assert due(cal, wib(2026, 1, 5, 7, 30), "PT8H30M") == wib(2026, 1, 5, 16, 0)


def test_long_working_time_spans_days(cal):
    # Mon 10:00: 6 h Monday, 8.5 Tuesday, 5.5 Wednesday -> Wed 13:00.
    assert due(cal, wib(2026, 1, 5, 10, 0), "PT20H") == wib(2026, 1, 7, 13, 0)
    assert due(cal, wib(2026, 1, 5, 10, 0), "PT1.5H") == wib(2026, 1, 5, 11, 30)


def test_mixed_days_then_working_time(cal):
    assert due(cal, wib(2026, 1, 5, 10, 0), "P1DT2H") == wib(2026, 1, 6, 12, 0)
    # Saturday: P1D -> Mon 16:00, then 2 h from Tuesday's opening.
    assert due(cal, wib(2026, 1, 10, 10, 0), "P1DT2H") == wib(2026, 1, 13, 9, 30)


def test_zero_duration_returns_start(cal):
    start = wib(2026, 1, 10, 10, 0)
    assert due(cal, start, "PT0S") == start
    assert due(cal, start, "P0D") == start


# ---------------------------------------------------------------------------
# Months, years, calendar days
# ---------------------------------------------------------------------------

def test_months_are_calendar_arithmetic_then_rolled_forward(cal):
    assert due(cal, wib(2026, 1, 5, 10, 0), "P1M") == wib(2026, 2, 5, 10, 0)
    # Fri 30 Jan + 1 month = 28 Feb (no 30 Feb), a Saturday -> Mon 2 Mar opening.
    assert due(cal, wib(2026, 1, 30, 10, 0), "P1M") == wib(2026, 3, 2, 7, 30)
    # Tue 5 Jan 2027 is Isra Mikraj -> Wed 6 Jan opening.
    assert due(cal, wib(2026, 1, 5, 10, 0), "P1Y") == wib(2027, 1, 6, 7, 30)
    assert due(cal, wib(2026, 1, 6, 10, 0), "P1Y") == wib(2027, 1, 6, 10, 0)
    # Months, then days, then working time.
    assert due(cal, wib(2026, 1, 5, 10, 0), "P1M1DT1H") == wib(2026, 2, 6, 11, 0)


def test_calendar_days_flag(cal):
    start = wib(2026, 1, 9, 15, 0)  # Friday
    assert due(cal, start, "P1D", calendar_days=True) == wib(2026, 1, 10, 15, 0)
    assert due(cal, start, "PT30M", calendar_days=True) == wib(2026, 1, 9, 15, 30)
    assert due(cal, start, "P1W", calendar_days=True) == wib(2026, 1, 16, 15, 0)
    assert due(cal, start, "P1DT10H", calendar_days=True) == wib(2026, 1, 11, 1, 0)
    assert due(cal, wib(2026, 1, 31, 9, 0), "P1M", calendar_days=True) == wib(2026, 2, 28, 9, 0)
    assert due(cal, wib(2025, 12, 24, 15, 0), "P1D", calendar_days=True) == wib(2025, 12, 25, 15, 0)


# ---------------------------------------------------------------------------
# Zones
# ---------------------------------------------------------------------------

def test_zones_table():
    assert ZONES == {"WIB": "Asia/Jakarta", "WITA": "Asia/Makassar", "WIT": "Asia/Jayapura"}


def test_wita_office_hours_are_local():
    makassar = BusinessCalendar("WITA")
    start = datetime(2026, 1, 5, 15, 45, tzinfo=WITA)
    assert makassar.add_duration(start, "PT30M") == datetime(2026, 1, 6, 7, 45, tzinfo=WITA)
    assert makassar.add_duration(start, "PT30M") == datetime(2026, 1, 5, 23, 45, tzinfo=UTC)


def test_wit_office_hours_are_local():
    jayapura = BusinessCalendar("Asia/Jayapura")
    start = datetime(2026, 1, 9, 15, 0, tzinfo=WIT)
    assert jayapura.add_duration(start, "P1D") == datetime(2026, 1, 12, 15, 0, tzinfo=WIT)
    assert jayapura.add_duration(start, "P1D") == datetime(2026, 1, 12, 6, 0, tzinfo=UTC)


def test_same_instant_differs_by_zone():
    moment = datetime(2026, 1, 5, 8, 10, tzinfo=UTC)  # 15:10 WIB, 16:10 WITA, 17:10 WIT
    assert BusinessCalendar("WIB").add_duration(moment, "PT1H") == wib(2026, 1, 6, 7, 40)
    assert BusinessCalendar("WITA").add_duration(moment, "PT1H") == datetime(2026, 1, 6, 8, 30, tzinfo=WITA)
    assert BusinessCalendar("WIT").add_duration(moment, "PT1H") == datetime(2026, 1, 6, 8, 30, tzinfo=WIT)


def test_input_in_another_zone_is_converted(cal):
    start = datetime(2026, 1, 5, 8, 45, tzinfo=UTC)  # 15:45 WIB
    assert cal.add_duration(start, "PT30M") == wib(2026, 1, 6, 7, 45)


def test_unknown_zone_refused():
    with pytest.raises(ValueError, match="zona waktu"):
        BusinessCalendar("Mars/Olympus")


# ---------------------------------------------------------------------------
# Closures and office hours
# ---------------------------------------------------------------------------

def test_admin_closures():
    closed = BusinessCalendar(closures=[(date(2026, 1, 6), "Banjir"), date(2026, 1, 7)])
    assert closed.non_working_reason(date(2026, 1, 6)) == "Banjir"
    assert closed.non_working_reason(date(2026, 1, 7)) == "Kantor tutup"
    assert closed.add_duration(wib(2026, 1, 5, 15, 45), "PT30M") == wib(2026, 1, 8, 7, 45)
    assert closed.add_duration(wib(2026, 1, 5, 10, 0), "P1D") == wib(2026, 1, 8, 10, 0)


def test_closures_as_mapping_and_rows():
    class Row:
        def __init__(self, day, reason):
            self.day, self.reason = day, reason

    from_map = BusinessCalendar(closures={date(2026, 1, 6): "Rapat kerja"})
    from_rows = BusinessCalendar(closures=[Row(date(2026, 1, 6), "")])
    assert from_map.non_working_reason(date(2026, 1, 6)) == "Rapat kerja"
    assert from_rows.non_working_reason(date(2026, 1, 6)) == "Kantor tutup"
    with pytest.raises(TypeError):
        BusinessCalendar(closures=[datetime(2026, 1, 6, tzinfo=WIB)])


def test_office_hours_per_weekday():
    hours = OfficeHours.from_mapping({"0": ("08:00", "15:00"), 5: ("08:00", "12:00")})
    saturday_office = BusinessCalendar(office_hours=hours)
    assert saturday_office.is_working_day(date(2026, 1, 10))
    assert saturday_office.add_duration(wib(2026, 1, 9, 16, 15), "PT30M") == wib(2026, 1, 10, 8, 15)
    assert saturday_office.add_duration(wib(2026, 1, 5, 14, 45), "PT30M") == wib(2026, 1, 6, 7, 45)
    # Six open weekdays: a week is six working days.
    assert saturday_office.add_duration(wib(2026, 1, 5, 10, 0), "P1W") == wib(2026, 1, 12, 10, 0)
    assert OfficeHours.from_mapping(hours.to_mapping()) == hours
    default = OfficeHours()
    assert default.for_weekday(0) == (time(7, 30), time(16, 0))
    assert default.for_weekday(4) == (time(7, 30), time(16, 30))
    assert default.for_weekday(5) is None


def test_bad_office_hours_refused():
    with pytest.raises(ValueError):
        OfficeHours.from_mapping({0: ("16:00", "07:30")})
    with pytest.raises(ValueError):
        OfficeHours((None,) * 7)
    with pytest.raises(ValueError):
        OfficeHours.from_mapping({7: ("08:00", "12:00")})


def test_next_opening_and_working_moment(cal):
    assert cal.next_opening(wib(2026, 1, 9, 17, 0)) == wib(2026, 1, 12, 7, 30)
    assert cal.next_opening(wib(2026, 1, 5, 7, 0)) == wib(2026, 1, 5, 7, 30)
    assert cal.next_opening(wib(2026, 1, 5, 10, 0)) == wib(2026, 1, 6, 7, 30)
    assert cal.next_working_moment(wib(2026, 1, 5, 10, 0)) == wib(2026, 1, 5, 10, 0)
    assert cal.next_working_moment(wib(2026, 1, 5, 16, 0)) == wib(2026, 1, 6, 7, 30)
    assert cal.next_opening(wib(2025, 12, 24, 17, 0)) == wib(2025, 12, 29, 7, 30)
    assert cal.is_office_hours(wib(2026, 1, 9, 16, 15))
    assert not cal.is_office_hours(wib(2026, 1, 8, 16, 15))


# ---------------------------------------------------------------------------
# Working time left
# ---------------------------------------------------------------------------

def test_working_time_between_across_weekend(cal):
    # Fri 15:00-16:30 and Mon 07:30-09:00.
    start, end = wib(2026, 1, 9, 15, 0), wib(2026, 1, 12, 9, 0)
    assert cal.working_time_between(start, end) == timedelta(hours=3)
    assert cal.working_time_between(end, start) == -timedelta(hours=3)
    assert cal.working_time_between(start, start) == timedelta(0)
    assert cal.working_time_between(wib(2026, 1, 10, 8, 0), wib(2026, 1, 11, 15, 0)) == timedelta(0)


def test_working_time_between_matches_add_duration(cal):
    start = wib(2026, 3, 17, 14, 0)
    end = cal.add_duration(start, "PT5H")
    assert cal.working_time_between(start, end) == timedelta(hours=5)


def test_time_left_counts_days_like_add_duration(cal):
    friday = wib(2026, 1, 9, 10, 0)
    deadline = cal.add_duration(friday, "P1D")
    assert cal.time_left(friday, deadline) == WorkingTimeLeft(days=1, rest=timedelta(0))
    assert cal.describe_time_left(friday, cal.add_duration(friday, "P2DT3H")) == "2 hari 3 jam"
    assert cal.describe_time_left(wib(2026, 1, 5, 15, 0), wib(2026, 1, 5, 15, 45)) == "45 menit"
    assert cal.describe_time_left(wib(2026, 1, 5, 11, 0), wib(2026, 1, 5, 10, 0)) == "terlambat 1 jam"
    # Late over a weekend: Fri 16:00 due, Mon 08:00 now -> 30 + 30 minutes.
    assert cal.describe_time_left(wib(2026, 1, 12, 8, 0), wib(2026, 1, 9, 16, 0)) == "terlambat 1 jam"


# ---------------------------------------------------------------------------
# Naive datetimes and durations
# ---------------------------------------------------------------------------

def test_naive_datetimes_refused(cal):
    naive = datetime(2026, 1, 5, 10, 0)
    with pytest.raises(ValueError, match="timezone-aware"):
        cal.add_duration(naive, "P1D")
    with pytest.raises(ValueError, match="timezone-aware"):
        cal.working_time_between(naive, wib(2026, 1, 6, 10, 0))
    with pytest.raises(ValueError, match="timezone-aware"):
        cal.working_time_between(wib(2026, 1, 6, 10, 0), naive)
    with pytest.raises(ValueError, match="timezone-aware"):
        cal.next_opening(naive)
    with pytest.raises(ValueError, match="timezone-aware"):
        cal.add_duration(naive, "P1D", calendar_days=True)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("P1D", Duration(days=1)),
        ("PT1H", Duration(hours=1)),
        ("PT30M", Duration(minutes=30)),
        ("P1DT2H", Duration(days=1, hours=2)),
        ("P1W", Duration(weeks=1)),
        ("P1Y2M3DT4H5M6S", Duration(1, 2, 0, 3, 4, 5, 6)),
        ("PT1.5H", Duration(hours=1.5)),
        ("PT0,5M", Duration(minutes=0.5)),
        ("\n  PT10M  \n", Duration(minutes=10)),
        ("P30M", Duration(months=30)),  # thirty months, not minutes
    ],
)
def test_parse_valid_durations(text, expected):
    assert parse_duration(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "kosong"),
        ("1 hari", "diawali huruf P"),
        ("-P1D", "negatif"),
        ("P", "tidak ada satu pun nilai"),
        ("PT", "tidak ada satu pun nilai"),
        ("P1DT", "huruf T harus diikuti"),
        ("P1H", "sesudah huruf T"),
        ("P0.5D", "pecahan hanya boleh pada jam, menit atau detik"),
        ("PT1.5H30M", "satuan terkecil"),
        ("P1W2D", "minggu (W) tidak boleh digabung"),
        ("PT30M1H", "bukan durasi ISO 8601"),
        ("P1D1D", "bukan durasi ISO 8601"),
        ("PT.5H", "bukan durasi ISO 8601"),
        ("P0001-02-03", "tidak didukung"),
        ("${timeout}", "diawali huruf P"),
    ],
)
def test_invalid_durations_refused_with_clear_message(text, message):
    with pytest.raises(ValueError) as caught:
        parse_duration(text)
    assert message in str(caught.value)
    assert repr(text) in str(caught.value)  # the value is quoted


def test_add_duration_refuses_invalid_duration(cal):
    with pytest.raises(ValueError, match="tidak sah"):
        cal.add_duration(wib(2026, 1, 5, 10, 0), "1 jam")


def test_duration_round_trip():
    for text in ("P1D", "PT30M", "P1DT2H", "PT1.5H", "P1Y2M3DT4H5M6S", "P1W"):
        assert str(parse_duration(text)) == text
    assert str(Duration()) == "PT0S"
    assert Duration(days=2).time_part == timedelta(0)
    assert parse_duration("PT1H30M").time_part == timedelta(minutes=90)


# ---------------------------------------------------------------------------
# Bahasa Indonesia
# ---------------------------------------------------------------------------

def test_format_working_time():
    assert format_working_time(timedelta(minutes=45)) == "45 menit"
    assert format_working_time(timedelta(hours=1)) == "1 jam"
    assert format_working_time(timedelta(hours=2, minutes=5)) == "2 jam 5 menit"
    assert format_working_time(-timedelta(hours=1)) == "terlambat 1 jam"
    assert format_working_time(-timedelta(minutes=90)) == "terlambat 1 jam 30 menit"
    assert format_working_time(timedelta(0)) == "0 menit"
    assert format_working_time(timedelta(seconds=20)) == "kurang dari 1 menit"
    assert format_working_time(timedelta(minutes=59, seconds=59)) == "59 menit"  # rounded down
    day = timedelta(hours=8, minutes=30)
    assert format_working_time(2 * day + timedelta(hours=3, minutes=10), day_length=day) == "2 hari 3 jam"
    assert format_working_time(day, day_length=day) == "1 hari"


def test_format_time_left():
    assert format_time_left(WorkingTimeLeft(2, timedelta(hours=3))) == "2 hari 3 jam"
    assert format_time_left(WorkingTimeLeft(1, timedelta(minutes=20))) == "1 hari"
    assert format_time_left(WorkingTimeLeft(0, timedelta(hours=1), late=True)) == "terlambat 1 jam"
    assert str(WorkingTimeLeft(3, timedelta(0), late=True)) == "terlambat 3 hari"


def test_describe_duration():
    assert describe_duration("P1D") == "1 hari"
    assert describe_duration("PT30M") == "30 menit"
    assert describe_duration("P1DT2H") == "1 hari 2 jam"
    assert describe_duration("PT1.5H") == "1,5 jam"
    assert describe_duration(Duration(weeks=2)) == "2 minggu"
