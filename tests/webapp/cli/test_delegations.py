"""`alur delegations add | list | revoke`: run as the system admin; errors in Indonesian
naming the field, exit code 1, no traceback."""
from __future__ import annotations

from engine.org import delegations
from engine.records import SYSTEM_ACTOR

ADD = ["delegations", "add", "ukpbj", "lpse", "--kind", "Plt", "--decree", "800/12/2026",
       "--from", "2026-01-05", "--to", "2026-01-31"]


def test_alur_delegations_commands(app, rt):
    runner = app.test_cli_runner()
    result = runner.invoke(args=ADD + ["--role", "Kepala UKPBJ"])
    assert result.exit_code == 0, result.output
    assert "Plt. ukpbj -> lpse" in result.output and "SK 800/12/2026" in result.output
    assert "2026-01-05 s.d. 2026-01-31" in result.output and "Kepala UKPBJ" in result.output
    [info] = delegations.list_delegations(rt, SYSTEM_ACTOR)
    assert (info.roles, info.created_by, info.active) == (("Kepala UKPBJ",), "cli", True)

    result = runner.invoke(args=["delegations", "list"])
    assert result.exit_code == 0 and f"#{info.id}" in result.output and "(berlaku)" in result.output
    result = runner.invoke(args=["delegations", "list", "--user", "opd"])
    assert result.exit_code == 0 and "Tidak ada penunjukan" in result.output

    result = runner.invoke(args=["delegations", "revoke", str(info.id)])
    assert result.exit_code == 0 and "dicabut oleh cli" in result.output, result.output
    assert "Tidak ada penunjukan" in runner.invoke(args=["delegations", "list"]).output
    result = runner.invoke(args=["delegations", "list", "--all", "--user", "lpse"])
    assert f"#{info.id}" in result.output and "dicabut" in result.output

    result = runner.invoke(args=["delegations", "revoke", "999"])
    assert result.exit_code == 1 and "tidak ada" in result.output and "Traceback" not in result.output


def test_alur_delegations_add_names_the_bad_field(app, rt):
    runner = app.test_cli_runner()
    for change, field in (({"--kind": "Kepala"}, "kind"), ({"--to": "2026-13-01"}, "ends_on"),
                          ({"--decree": " "}, "decree")):
        args = list(ADD)
        for option, value in change.items():
            args[args.index(option) + 1] = value
        result = runner.invoke(args=args)
        assert result.exit_code == 1, result.output
        assert f"isian {field}" in result.output and "Gagal: Penunjukan Plt./Plh." in result.output
        assert result.exception is None or isinstance(result.exception, SystemExit)
    result = runner.invoke(args=["delegations", "add", "ukpbj", "tidak-ada", *ADD[4:], "--role", "Bendahara"])
    assert result.exit_code == 1 and "isian delegate" in result.output and "isian roles" in result.output
    assert delegations.list_delegations(rt, SYSTEM_ACTOR, include_ended=True) == []
