"""A CLI command that reaches a simulator gap prints one line naming it (no traceback)."""
from __future__ import absolute_import, division, print_function

import pytest

from gateway_sim import cli
from gateway_sim.errors import NotImplementedInSimulator


@pytest.mark.allow_not_implemented
def test_a_gap_is_one_line_and_exit_1(monkeypatch, capsys, tmp_path):
    def gap(args):
        raise NotImplementedInSimulator("system.historian.queryRawPoints")
    monkeypatch.setitem(cli.COMMANDS, "check", gap)
    (tmp_path / "project.json").write_text("{}")
    assert cli.main(["check", str(tmp_path)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "system.historian.queryRawPoints" in err[0]
