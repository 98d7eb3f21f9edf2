"""`alur units`, `alur users` with units, `alur calendar --unit` and `alur demo`."""
from __future__ import annotations

import re

from engine.org import closures, units, users


def test_alur_units_commands(app, rt):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["units", "add", "ukpbj-makassar", "UKPBJ Kota Makassar", "--timezone", "WITA",
                                 "--office-hours", '{"4": ["07:30", "16:30"], "5": null}'])
    assert result.exit_code == 0, result.output
    assert "WITA" in result.output and "UKPBJ Kota Makassar" in result.output
    result = runner.invoke(args=["units", "add", "lpse", "LPSE", "--timezone", "Planet/Mars"])
    assert result.exit_code == 1 and "isian timezone" in result.output and "tidak dikenal" in result.output
    result = runner.invoke(args=["units", "add", "lpse", "LPSE", "--office-hours", "{rusak"])
    assert result.exit_code == 1 and "isian office_hours" in result.output
    result = runner.invoke(args=["units", "add", "ukpbj-makassar", "Lagi"])
    assert result.exit_code == 1 and "sudah dipakai" in result.output

    result = runner.invoke(args=["units", "list"])
    assert result.exit_code == 0 and "ukpbj-makassar" in result.output and "0 pengguna" in result.output
    result = runner.invoke(args=["units", "update", "ukpbj-makassar", "--timezone", "WIT", "--name", "UKPBJ Timur"])
    assert result.exit_code == 0, result.output
    assert units.get_unit(rt, "ukpbj-makassar").timezone == "Asia/Jayapura"
    result = runner.invoke(args=["units", "update", "ukpbj-makassar", "--default-office-hours"])
    assert result.exit_code == 0 and units.get_unit(rt, "ukpbj-makassar").office_hours is None
    assert runner.invoke(args=["units", "update", "ukpbj-makassar"]).exit_code == 2
    assert runner.invoke(args=["units", "update", "tidak-ada", "--name", "x"]).exit_code == 1

    # Users in the unit.
    result = runner.invoke(args=["users", "create", "andi", "--role", "Kepala OPD", "--password", "rahasia-123",
                                 "--unit", "ukpbj-makassar"])
    assert result.exit_code == 0, result.output
    assert units.unit_of_user(rt, username="andi").code == "ukpbj-makassar"
    result = runner.invoke(args=["users", "create", "budi", "--password", "rahasia-123", "--unit", "tidak-ada"])
    assert result.exit_code == 1 and users.get_user(rt, username="budi") is None
    result = runner.invoke(args=["users", "list"])
    assert re.search(r"andi\s+ukpbj-makassar\s+Kepala OPD", result.output)
    result = runner.invoke(args=["users", "set-unit", "opd", "ukpbj-makassar"])
    assert result.exit_code == 0 and units.unit_of_user(rt, username="opd").code == "ukpbj-makassar"

    # A unit in use is not removed; asked first otherwise.
    result = runner.invoke(args=["units", "remove", "ukpbj-makassar", "--yes"])
    assert result.exit_code == 1 and "2 pengguna" in result.output
    for name in ("andi", "opd"):
        assert runner.invoke(args=["users", "set-unit", name, "--none"]).exit_code == 0
    assert runner.invoke(args=["users", "set-unit", "opd"]).exit_code == 2
    result = runner.invoke(args=["units", "remove", "ukpbj-makassar"], input="n\n")
    assert result.exit_code == 1 and units.list_units(rt)
    result = runner.invoke(args=["units", "remove", "ukpbj-makassar"], input="y\n")
    assert result.exit_code == 0 and units.list_units(rt) == []


def test_alur_calendar_with_a_unit(app, rt, makassar):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["calendar", "add", "2026-11-09", "Hari Jadi Kota Makassar", "--unit",
                                 "ukpbj-makassar"])
    assert result.exit_code == 0, result.output
    assert "2026-11-09 ditutup untuk unit ukpbj-makassar" in result.output
    result = runner.invoke(args=["calendar", "add", "2026-11-10", "x", "--unit", "tidak-ada"])
    assert result.exit_code == 1 and "tidak ada" in result.output
    result = runner.invoke(args=["calendar", "list", "--year", "2026", "--closures-only"])
    assert result.output.splitlines() == ["2026-11-09  Senin   Hari Jadi Kota Makassar [unit ukpbj-makassar]"]
    result = runner.invoke(args=["calendar", "list", "--year", "2026", "--unit", "ukpbj-makassar"])
    assert "2026-11-09  Senin   Penutupan unit" in result.output
    result = runner.invoke(args=["calendar", "remove", "2026-11-09", "--yes"])
    assert result.exit_code == 1  # not closed for every unit
    result = runner.invoke(args=["calendar", "remove", "2026-11-09", "--unit", "ukpbj-makassar", "--yes"])
    assert result.exit_code == 0 and closures.list_closures(rt) == []


def test_demo_puts_users_in_two_units(app, rt):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    found = {u.code: u for u in units.list_units(rt)}
    assert {u.zone for u in found.values()} == {"WIB", "WITA"}
    assert found["ukpbj-jakarta"].users >= 3 and found["ukpbj-makassar"].users >= 1
    assert units.unit_of_user(rt, username="kepala-opd-makassar").code == "ukpbj-makassar"
    assert units.unit_of_user(rt, username="kepala-ukpbj").code == "ukpbj-jakarta"
    assert units.unit_of_user(rt, username="admin") is None
    assert runner.invoke(args=["demo"]).exit_code == 0  # again: nothing new, nothing fails
    assert len(units.list_units(rt)) == 2
