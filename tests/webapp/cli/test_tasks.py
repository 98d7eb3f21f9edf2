"""`alur tasks list | claim | release | reassign`, acting as a named user through the engine's
verbs: errors in Indonesian, exit code 1, no traceback."""
from __future__ import annotations

from engine.cases import queries, starting, worklist
from engine.org import users
from engine.records import Actor


def test_alur_tasks_commands(app, rt):
    users.create_user(rt, "ukpbj2", password_hash="x", roles=["Kepala UKPBJ"])
    opd = Actor("opd", frozenset({"Kepala OPD"}))
    case = starting.start_case(rt, opd, "etalase_katalog_lokal", title="Etalase ATK")
    [step] = queries.get_case(rt, opd, case.id, with_history=False).open_tasks
    runner = app.test_cli_runner()

    result = runner.invoke(args=["tasks", "list", "opd", "--view", "mine"])
    assert result.exit_code == 0 and step.id in result.output and "dipegang opd" in result.output
    assert "Tidak ada tugas" in runner.invoke(args=["tasks", "list", "ukpbj"]).output

    result = runner.invoke(args=["tasks", "release", step.id, "--as", "opd"])
    assert result.exit_code == 0 and "terbuka lagi untuk grup Kepala OPD" in result.output, result.output
    result = runner.invoke(args=["tasks", "list", "opd", "--view", "group"])
    assert step.id in result.output and "terbuka untuk grup" in result.output

    result = runner.invoke(args=["tasks", "claim", step.id, "--as", "ukpbj"])  # not their lane
    assert result.exit_code == 1 and "Gagal:" in result.output and "Traceback" not in result.output
    result = runner.invoke(args=["tasks", "claim", step.id, "--as", "opd"])
    assert result.exit_code == 0 and "sekarang dipegang opd" in result.output
    result = runner.invoke(args=["tasks", "reassign", step.id, "ukpbj", "--as", "opd"])
    assert result.exit_code == 1 and "tidak dapat mengerjakan" in result.output
    result = runner.invoke(args=["tasks", "reassign", step.id, "opd", "--as", "admin"])
    assert result.exit_code == 0 and "dialihkan kepada opd" in result.output
    assert worklist.get_task(rt, opd, step.id).task.assignee == "opd"

    result = runner.invoke(args=["tasks", "claim", step.id, "--as", "nobody"])
    assert result.exit_code == 1 and "Pengguna 'nobody' tidak ada" in result.output
    result = runner.invoke(args=["tasks", "claim", "00000000-0000-0000-0000-000000000000", "--as", "opd"])
    assert result.exit_code == 1 and "tidak ada" in result.output and "Traceback" not in result.output
    result = runner.invoke(args=["tasks", "list", "opd", "--view", "semua"])
    assert result.exit_code == 2  # click names the allowed choices
