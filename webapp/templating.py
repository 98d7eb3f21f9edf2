"""Template filters and globals: dates in Indonesian, working time left."""
from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import request, url_for

from engine.rules.calendar import zone_label, zone_name
from engine.rules.dates import format_moment

from .runtime import runtime

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
    "unit_created": "Unit dibuat",
    "unit_updated": "Unit diubah",
    "unit_deleted": "Unit dihapus",
    "user_unit_set": "Unit pengguna diubah",
    "task_claimed": "Tugas diambil",
    "task_released": "Tugas dilepaskan ke grup",
    "task_reassigned": "Tugas dialihkan",
    "task_completed_as": "Langkah diselesaikan atas nama",
    "party_bound": "Pihak diikat pada kasus",
    "delegation_created": "Plt./Plh. ditunjuk",
    "delegation_revoked": "Penunjukan Plt./Plh. dicabut",
}
STATUS_LABELS = {"running": "Berjalan", "completed": "Selesai", "cancelled": "Dibatalkan",
                 "ready": "Menunggu", "error": "Bermasalah"}


def office_zone(name: str | None = None) -> ZoneInfo:
    """The zone ``name`` (a case's unit's, an IANA name), else the installation's."""
    if name:
        try:
            return ZoneInfo(zone_name(name))
        except ValueError:
            pass
    return ZoneInfo(runtime().timezone_name)


def format_datetime(value: datetime | None, with_day: bool = True, zone: str | None = None) -> str:
    """``value`` in words in ``zone`` (a task's or case's ``timezone``; the installation's
    when not given): "Senin, 5 Januari 2026, 09.00 WITA"."""
    if value is None:
        return "—"
    return format_moment(value, office_zone(zone or None), with_weekday=with_day)


def time_left(due: datetime | None, unit_id: int | None = None) -> str:
    """Working time left until ``due`` in the calendar of ``unit_id`` (the case's unit)."""
    if due is None:
        return ""
    rt = runtime()
    return rt.calendar(unit_id=unit_id or None).describe_time_left(rt.now(), due)


def zone_text(name: str | None) -> str:
    """"WITA" for Asia/Makassar; the installation's zone when ``name`` is empty."""
    return zone_label(name or runtime().timezone_name)


def page_url(page: int) -> str:
    args = dict(request.args)
    args["page"] = page
    return url_for(request.endpoint, **(request.view_args or {}), **args)


def init_app(app) -> None:
    app.jinja_env.filters["dt"] = format_datetime
    app.jinja_env.filters["time_left"] = time_left
    app.jinja_env.filters["zone"] = zone_text
    app.jinja_env.globals.update(ACTION_LABELS=ACTION_LABELS, STATUS_LABELS=STATUS_LABELS, page_url=page_url,
                                 now=lambda: runtime().now())
