"""The pytest plugin: fixtures, the gateway_config marker/fixture, system as in a gateway."""
from __future__ import absolute_import, division, print_function

import sys

import pytest

pytest_plugins = ["pytester"]


def test_system_is_importable_and_builtin(gateway):
    import system
    assert sys.modules["system"] is system
    assert system.util.getProjectName() == gateway.project_name
    # as in a project script, `system` needs no import
    code = compile("result = system.date.now()", "<project script>", "exec")
    ns = {}
    exec(code, ns)
    assert ns["result"].getTime() > 0


def test_java_imports_work_in_tests():
    from java.util.concurrent import ConcurrentHashMap  # noqa: F401
    from java.lang import Exception as JavaException, Throwable  # noqa: F401


def test_system_fixture_binds_virtual_gateway(virtual_gateway, system):
    assert system.date.now().getTime() == 1764072000000
    virtual_gateway.clock.advance(60)
    assert system.date.toMillis(system.date.now()) == 1764072060000


def test_clock_fixture_follows_virtual_gateway(virtual_gateway, clock):
    assert clock is virtual_gateway.clock


def test_fixtures_share_one_gateway(gateway, system, clock, db, tags):
    assert clock is gateway.clock and db is gateway.databases and tags is gateway.tags


@pytest.mark.gateway_config(version="8.3", project_name="Plant", name="gw-test")
def test_marker_options(gateway, system):
    assert gateway.version == "8.3" and gateway.name == "gw-test"
    assert system.util.getProjectName() == "Plant"


@pytest.mark.gateway_config({"http": {"defaultTimeout": 1234}})
def test_marker_config_dict(system):
    assert system.net.httpClient().getConnectTimeout() == 1234


def test_freezegun_consistent_now(system):
    freezegun = pytest.importorskip("freezegun")
    with freezegun.freeze_time("2031-05-06 07:08:09") as frozen:
        first = system.date.now()
        assert system.date.now() == first
        assert first.getTime() == 1935817689000
        frozen.tick(5)
        assert system.date.secondsBetween(first, system.date.now()) == 5


def test_no_system_after_fixture(pytester):
    pytester.makepyfile("""
        import sys
        def test_uses(gateway):
            import system
            assert system.util.getGlobals() == {}
        def test_after():
            import builtins
            assert "system" not in sys.modules
            assert not hasattr(builtins, "system")
    """)
    pytester.runpytest("-p", "no:randomly").assert_outcomes(passed=2)


def test_gateway_config_fixture_override(pytester):
    pytester.makeconftest("""
        import pytest
        @pytest.fixture
        def gateway_config():
            return {"http": {"defaultTimeout": 777}}
    """)
    pytester.makepyfile("""
        def test_it(system):
            assert system.net.httpClient().getConnectTimeout() == 777
    """)
    pytester.runpytest().assert_outcomes(passed=1)


def test_bad_marker_usage(pytester):
    pytester.makepyfile("""
        import pytest
        @pytest.mark.gateway_config(colour="red")
        def test_it(gateway):
            pass
    """)
    result = pytester.runpytest()
    result.stdout.fnmatch_lines(["*unknown option(s) colour*"])


@pytest.mark.allow_not_implemented   # the inner session runs in this process
def test_swallowed_gap_fails_the_test_naming_the_function(pytester):
    pytester.makepyfile("""
        import pytest
        from gateway_sim.errors import NotImplementedInSimulator

        def script():
            try:
                raise NotImplementedInSimulator("system.example.gap")
            except:  # noqa: E722 - what careless project scripts do
                return None

        def test_swallows(gateway):
            assert script() is None

        def test_catches_exception(gateway):
            try:
                raise NotImplementedInSimulator("system.example.other")
            except Exception:
                pass

        @pytest.mark.allow_not_implemented
        def test_expects_it(gateway):
            with pytest.raises(NotImplementedInSimulator):
                raise NotImplementedInSimulator("system.example.expected")

        def test_clean(gateway):
            pass
    """)
    result = pytester.runpytest("-p", "no:randomly")
    result.assert_outcomes(passed=2, failed=2)
    result.stdout.fnmatch_lines(["*test_swallows*", "*called system.example.gap, which the "
                                 "simulator does not implement*"])
    result.stdout.fnmatch_lines(["*NotImplementedInSimulator: system.example.other*"])


# --- issue 12 item 10: manners in a shared environment --------------------------------

def test_plugin_leaves_unrelated_sessions_alone(pytester):
    """A session that uses none of its fixtures gets no java.* hook (another project's
    `import java.util` is not answered by the simulator)."""
    pytester.makepyfile("""
        import sys
        def test_unrelated():
            try:
                import java.util
            except ImportError:
                pass
            else:
                raise AssertionError("java.util resolved to %r" % java.util)
            assert not any(type(f).__module__.startswith("gateway_sim")
                           for f in sys.meta_path)
    """)
    pytester.runpytest_subprocess("-p", "no:randomly").assert_outcomes(passed=1)


def test_plugin_hooks_java_when_its_fixtures_are_used(pytester):
    pytester.makepyfile("""
        def test_uses(gwsim_gateway, gwsim_system, gwsim_db, gwsim_tags, gwsim_clock,
                      gateway, system, db, tags, clock):
            from java.util import ArrayList
            assert ArrayList() is not None
            assert gateway is gwsim_gateway and system is gwsim_system
            assert db is gwsim_db is gateway.databases and tags is gwsim_tags
            assert clock is gwsim_clock
    """)
    pytester.runpytest_subprocess("-p", "no:randomly").assert_outcomes(passed=1)


def test_prefixed_config_fixture(pytester):
    pytester.makeconftest("""
        import pytest
        @pytest.fixture
        def gwsim_gateway_config():
            return {"http": {"defaultTimeout": 4321}}
    """)
    pytester.makepyfile("""
        def test_cfg(gwsim_system):
            assert gwsim_system.net.httpClient().getConnectTimeout() == 4321
    """)
    pytester.runpytest("-p", "no:randomly").assert_outcomes(passed=1)


def test_plugin_can_be_turned_off(pytester):
    pytester.makepyfile("""
        def test_no_fixture(request):
            import pytest
            with pytest.raises(pytest.FixtureLookupError):
                request.getfixturevalue("gwsim_gateway")
    """)
    pytester.runpytest_subprocess("-p", "no:gateway_sim", "-p", "no:randomly").assert_outcomes(
        passed=1)


def test_bad_hook_mode_is_one_line(pytester):
    pytester.makeini("[pytest]\ngwsim_java_hook = sometimes\n")
    pytester.makepyfile("def test_x():\n    pass\n")
    result = pytester.runpytest_subprocess()
    assert "gwsim_java_hook = sometimes: use 'fixtures' or 'early'" in result.stderr.str()
