"""The examples of the reference pages (docs/*.md) run as written on the simulator."""
import os
import re
import time
import types

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def blocks(page, section, lang="python"):
    """The ``lang`` code blocks of the ``## section`` (heading prefix) of ``page``."""
    text = open(os.path.join(REPO, page)).read()
    start = text.index("\n## " + section)
    end = text.find("\n## ", start + 4)
    body = text[start:end if end > 0 else len(text)]
    return re.findall(r"```%s\n(.*?)```" % lang, body, re.S)


def test_children_schedules_delay_debounce_example_runs(gateway, capsys):
    import system
    system.tag.configure("[default]Line", [{"name": "Phase", "dataType": "String", "value": ""}], "o")
    define = blocks("README.md", "Author a workflow")[0]
    timed = blocks("docs/workflows.md", "Child workflows, schedules")[0]
    exec(compile(define, "README.md (workflow)", "exec"), types.ModuleType("readme_line_batch").__dict__)
    from exchange.workflows.engine import instance
    ns = {"__name__": "docs_timed"}
    try:
        exec(compile(timed, "docs/workflows.md (children, schedules)", "exec"), ns)
        wf, wid = ns["wf"], ns["wid"]
        assert wf.getStatus(wid)["status"] == "CANCELLED"
        alarms = wf.listRuns(workflowName="line.level_alarm", withData=True)
        # both starts may share a creation millisecond: listRuns' order between them is not fixed
        assert sorted((r["status"], r["inputs"]["resolved"]["level"]) for r in alarms) == \
            [("DELAYED", 81.5), ("DELAYED", 81.7)]
        end = time.time() + 20  # the declaration is written by the first dispatch cycle
        def mine():  # other modules of this process may declare schedules of their own
            return [s["name"] for s in wf.listSchedules() if s["name"] == "site.shift_report"]
        while not mine() and time.time() < end:
            wf.dispatch()
            time.sleep(0.02)
        assert mine() == ["site.shift_report"]
    finally:
        instance.shutdownRuntime(5)


def test_simulator_example_runs(capsys):
    code = blocks("docs/simulator.md", "A gateway is an object")[0]
    exec(compile(code, "docs/simulator.md (A gateway is an object)", "exec"), {"__name__": "docs_sim"})
    out = capsys.readouterr().out
    assert "[1500.0, Good," in out and "42" in out, out


def test_load_a_project_example_runs(virtual_gateway, monkeypatch):
    code = blocks("docs/testing.md", "Load a project in a test")[0]
    monkeypatch.chdir(REPO)  # the example names the repository's project/ folder
    ns = {}
    exec(compile(code, "docs/testing.md (Load a project in a test)", "exec"), ns)
    ns["test_timer_dispatches"](virtual_gateway)


def test_testing_page_ends_with_the_ci_skips_block():
    text = open(os.path.join(REPO, "docs", "testing.md")).read()
    tail = text[text.rindex("\n## "):]
    assert tail.startswith("\n## Skips in CI\n"), "docs/testing.md must end with '## Skips in CI'"
    assert "<!-- ci-skips:start -->" in tail and tail.rstrip().endswith("<!-- ci-skips:end -->")


def test_cli_page_lists_every_command():
    import argparse
    from gateway_sim.cli import build_parser
    sub = [a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction)][0]
    listing = blocks("docs/cli.md", "The CLI", lang="text")[0]
    missing = [name for name in sub.choices if not re.search(r"gateway-sim %s\b" % name, listing)
               and not re.search(r"/ %s RUN_ID" % name, listing)]
    assert not missing, "docs/cli.md's command list lacks: %s (add a line each)" % ", ".join(missing)


def test_testing_page_names_every_fixture_and_marker():
    import inspect
    from gateway_sim import pytest_plugin
    text = open(os.path.join(REPO, "docs", "testing.md")).read()
    fixtures = ["gwsim_" + name for name in pytest_plugin.FIXTURES]
    # the marker lines the plugin registers ("name: what" / "name(args): what")
    markers = re.findall(r'^\s*"(\w+)[:(]', inspect.getsource(pytest_plugin.pytest_configure), re.M)
    assert "allow_not_implemented" in markers, markers
    missing = [n for n in fixtures + markers if "`%s" % n not in text]
    assert not missing, "docs/testing.md does not name: %s" % ", ".join(missing)
