"""Template filters and globals: dates in Indonesian, working time left."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import request, url_for

from .runtime import runtime

MONTHS = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September",
          "Oktober", "November", "Desember"]
DAYS = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]
ZONE_NAMES = {"Asia/Jakarta": "WIB", "Asia/Makassar": "WITA", "Asia/Jayapura": "WIT"}

ACTION_LABELS = {
    "case_started": "Kasus dimulai",
    "task_ready": "Langkah siap dikerjakan",
    "task_completed": "Langkah diselesaikan",
    "task_cancelled": "Langkah dibatalkan",
    "attachment_added": "Lampiran diunggah",
    "deadline_passed": "Batas waktu terlampaui",
    "timer_fired": "Pewaktu berjalan",
    "case_completed": "Kasus selesai",
    "reminder_sent": "Pengingat dikirim",
    "case_migrated": "Kasus dipindahkan ke versi baru",
}
STATUS_LABELS = {"running": "Berjalan", "completed": "Selesai", "cancelled": "Dibatalkan",
                 "ready": "Menunggu", "error": "Bermasalah"}


def office_zone() -> ZoneInfo:
    return ZoneInfo(runtime().timezone_name)


def format_datetime(value: datetime | None, with_day: bool = True) -> str:
    if value is None:
        return "—"
    zone = office_zone()
    local = value.astimezone(zone)
    text = f"{local.day} {MONTHS[local.month - 1]} {local.year}, {local:%H.%M} {ZONE_NAMES.get(zone.key, '')}".strip()
    return f"{DAYS[local.weekday()]}, {text}" if with_day else text


def time_left(due: datetime | None) -> str:
    if due is None:
        return ""
    rt = runtime()
    return rt.calendar().describe_time_left(rt.now(), due)


def page_url(page: int) -> str:
    args = dict(request.args)
    args["page"] = page
    return url_for(request.endpoint, **(request.view_args or {}), **args)


def init_app(app) -> None:
    app.jinja_env.filters["dt"] = format_datetime
    app.jinja_env.filters["time_left"] = time_left
    app.jinja_env.globals.update(ACTION_LABELS=ACTION_LABELS, STATUS_LABELS=STATUS_LABELS, page_url=page_url,
                                 now=lambda: runtime().now())
