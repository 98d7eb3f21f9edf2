"""`alur calendar`: closures added, imported, listed, removed; deadlines recounted."""
from __future__ import annotations

from engine.org import closures
from tests.timer_helpers import open_task, wib
from tests.webapp.helpers import start_two_day_step


def test_alur_calendar_commands(app, rt, tmp_path):
    runner = app.test_cli_runner()
    result = runner.invoke(args=["calendar", "add", "2026-03-02", "Rapat kerja"])
    assert result.exit_code == 0, result.output
    assert "2026-03-02 ditutup: Rapat kerja" in result.output
    result = runner.invoke(args=["calendar", "add", "2026-03-02", "Lagi"])
    assert result.exit_code == 1 and "sudah ditutup" in result.output

    path = tmp_path / "tutup.csv"
    path.write_text("tanggal,keterangan\n2026-03-16,Cuti tambahan\n")
    result = runner.invoke(args=["calendar", "import", str(path)])
    assert result.exit_code == 0 and "1 ditambahkan" in result.output
    path.write_text("2026-03-16,Cuti tambahan\nbukan tanggal,x\n")
    result = runner.invoke(args=["calendar", "import", str(path)])
    assert result.exit_code == 1 and "baris 2" in result.output

    result = runner.invoke(args=["calendar", "list", "--year", "2026"])
    assert result.exit_code == 0
    assert "2026-02-16  Senin   Cuti bersama" in result.output
    assert "2026-03-02  Senin   Penutupan kantor" in result.output
    result = runner.invoke(args=["calendar", "list", "--year", "2026", "--closures-only"])
    assert result.output.splitlines() == ["2026-03-02  Senin   Rapat kerja", "2026-03-16  Senin   Cuti tambahan"]

    result = runner.invoke(args=["calendar", "remove", "2026-03-02"], input="n\n")
    assert result.exit_code == 1 and len(closures.list_closures(rt)) == 2
    result = runner.invoke(args=["calendar", "remove", "2026-03-02"], input="y\n")
    assert result.exit_code == 0 and len(closures.list_closures(rt)) == 1
    result = runner.invoke(args=["calendar", "remove", "2026-03-16", "--yes"])
    assert result.exit_code == 0 and closures.list_closures(rt) == []
    result = runner.invoke(args=["calendar", "remove", "2026-03-16", "--yes"])
    assert result.exit_code == 1


def test_alur_calendar_recount(app, rt, clock):
    case = start_two_day_step(rt, clock)
    runner = app.test_cli_runner()
    result = runner.invoke(args=["calendar", "add", "2026-01-06", "Pemadaman listrik"])
    assert result.exit_code == 0 and "alur calendar recount 2026-01-06" in result.output
    result = runner.invoke(args=["calendar", "recount", "2026-01-06"])
    assert result.exit_code == 0, result.output
    assert "1 dari 1 langkah terbuka (pada 1 kasus) berubah" in result.output
    assert open_task(rt, case.id).due_at == wib(2026, 1, 8, 9, 0)
    result = runner.invoke(args=["calendar", "recount", "2026-02-30"])
    assert result.exit_code != 0 and "tidak ada di kalender" in result.output
