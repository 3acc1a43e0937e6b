"""README.md is the newcomer's page, and its examples run as written on the simulator.

The reference pages under docs/ are kept honest by tests/docs/.
"""
import os
import re
import types

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
README = os.path.join(REPO, "README.md")


def _blocks(section):
    text = open(README).read()
    start = text.index("## " + section)
    end = text.find("\n## ", start + 3)
    body = text[start:end if end > 0 else len(text)]
    return re.findall(r"```python\n(.*?)```", body, re.S)


def test_readme_has_the_two_commands_at_the_top():
    head = open(README).read().split("## ")[0]
    assert "gateway-sim demo" in head and "python3 -m pytest" in head


def test_readme_stays_the_newcomers_page():
    size = os.path.getsize(README)
    assert size <= 15 * 1024, (
        "README.md is %d bytes, over 15 KB: move reference text to a page under docs/ "
        "and link it from README's Reference table" % size)
    text = open(README).read()
    for page in ("docs/workflows.md", "docs/cli.md", "docs/simulator.md", "docs/testing.md",
                 "docs/durability.md"):
        assert "](%s)" % page in text, "README.md does not link %s" % page


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


def test_capabilities_example_runs(gateway, capsys):
    code = _blocks("Author a workflow")[2]
    from exchange.workflows.engine import instance
    try:
        exec(compile(code, "README.md (capabilities)", "exec"), {"__name__": "readme_caps"})
        out = capsys.readouterr().out.splitlines()
        assert out[-1] == "[['pump ok', 'valve ok'], ['pump ok', 'valve ok']]", out
        wf = instance.getWorkflows()
        assert wf.countRuns(workflowName="line.inspect", status="DELAYED") == 2  # delayed, debounced
        assert "line.inspect" in [s["name"] for s in wf.listSchedules()]  # (others: other tests')
        assert wf.listQueueRateLimits()[0]["queueName"] == "erp"
    finally:
        instance.shutdownRuntime(5)


def test_test_in_ci_example_runs(virtual_gateway, system):
    code = _blocks("Test in CI")[0]
    ns = {}
    exec(compile(code, "README.md (Test in CI)", "exec"), ns)
    ns["test_fill_valve_opens_at_low_level"](virtual_gateway, system)
