"""Indonesia's three time zones (WIB, WITA, WIT) and how a zone is named."""
from __future__ import annotations

from datetime import tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

__all__ = ["ZONES", "resolve_zone", "zone_label", "zone_name"]

ZONES = {"WIB": "Asia/Jakarta", "WITA": "Asia/Makassar", "WIT": "Asia/Jayapura"}


def resolve_zone(value: str | tzinfo) -> tzinfo:
    """The zone ``value`` names (``WIB``/``WITA``/``WIT``, any case, or an IANA name);
    a ``tzinfo`` is returned as it is. ``ValueError`` when it is not a known zone."""
    if isinstance(value, tzinfo):
        return value
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"zona waktu tidak sah: {value!r}")
    name = ZONES.get(value.strip().upper(), value.strip())
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(
            f"zona waktu tidak dikenal: {value!r} (WIB, WITA, WIT atau nama IANA seperti Asia/Jakarta)"
        ) from None


def zone_name(value: str | tzinfo) -> str:
    """The IANA name of a zone given as ``WIB``/``WITA``/``WIT`` or an IANA name
    ("wita" -> "Asia/Makassar"). ``ValueError`` when it is not a known zone."""
    zone = resolve_zone(value)
    return getattr(zone, "key", None) or str(zone)


def zone_label(name: str | None) -> str:
    """"WIB", "WITA" or "WIT" for the three Indonesian zones, else the IANA name."""
    if not name:
        return ""
    for label, key in ZONES.items():
        if name == key or name.upper() == label:
            return label
    return name
