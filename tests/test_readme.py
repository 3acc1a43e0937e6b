"""The README's workflow example runs as written on the simulator (docs that cannot rot)."""
import os
import re
import types

README = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "README.md")


def _blocks(section):
    text = open(README).read()
    start = text.index("## " + section)
    end = text.find("\n## ", start + 3)
    body = text[start:end if end > 0 else len(text)]
    return re.findall(r"```python\n(.*?)```", body, re.S)


def test_readme_has_the_two_commands_at_the_top():
    head = open(README).read().split("## ")[0]
    assert "gateway-sim demo" in head and "python3 -m pytest" in head


def test_author_a_workflow_example_runs(gateway, capsys):
    import system
    system.tag.configure("[default]Line", [{"name": "Phase", "dataType": "String", "value": ""}], "o")
    define, use = _blocks("Author a workflow")[:2]
    mod = types.ModuleType("readme_line_batch")
    exec(compile(define, "README.md (workflow)", "exec"), mod.__dict__)
    from exchange.workflows.engine import instance
    try:
        exec(compile(use, "README.md (start)", "exec"), {"__name__": "readme_start"})
        out = capsys.readouterr().out
        assert "'ok': True" in out and "B-42" in out, out
        assert system.tag.readBlocking(["[default]Line/Phase"])[0].value == "drain"
    finally:
        instance.shutdownRuntime(5)


def test_children_schedules_delay_debounce_example_runs(gateway, capsys):
    import system
    system.tag.configure("[default]Line", [{"name": "Phase", "dataType": "String", "value": ""}], "o")
    define, timed = _blocks("Author a workflow")[0], _blocks("Author a workflow")[2]
    exec(compile(define, "README.md (workflow)", "exec"), types.ModuleType("readme_line_batch").__dict__)
    from exchange.workflows.engine import instance
    ns = {"__name__": "readme_timed"}
    try:
        exec(compile(timed, "README.md (children, schedules)", "exec"), ns)
        wf, wid = ns["wf"], ns["wid"]
        assert wf.getStatus(wid)["status"] == "CANCELLED"
        alarms = wf.listRuns(workflowName="line.level_alarm", withData=True, newestFirst=False)
        assert [(r["status"], r["inputs"]["resolved"]["level"]) for r in alarms] == \
            [("DELAYED", 81.5), ("DELAYED", 81.7)]
        import time
        end = time.time() + 20  # the declaration is written by the first dispatch cycle
        while not wf.listSchedules() and time.time() < end:
            wf.dispatch()
            time.sleep(0.02)
        assert [s["name"] for s in wf.listSchedules()] == ["site.shift_report"]
    finally:
        instance.shutdownRuntime(5)


def test_test_in_ci_example_runs(virtual_gateway, system):
    code = _blocks("Test in CI")[0]
    ns = {}
    exec(compile(code, "README.md (Test in CI)", "exec"), ns)
    ns["test_fill_valve_opens_at_low_level"](virtual_gateway, system)


def test_simulator_example_runs(capsys):
    code = _blocks("The simulator")[0]
    exec(compile(code, "README.md (The simulator)", "exec"), {"__name__": "readme_sim"})
    out = capsys.readouterr().out
    assert "[1500.0, Good," in out and "42" in out, out
