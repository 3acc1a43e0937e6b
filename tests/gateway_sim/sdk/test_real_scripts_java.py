"""Every Java / Ignition SDK name imported by the real public projects and 8.1 event
resources under ``../shared/fixtures/real`` resolves in pure-Python mode, except the
precisely listed gateway internals; and the real library modules import with the hook."""
from __future__ import absolute_import, division, print_function

import os

import pytest

from gateway_sim import java as java_pkg
from gateway_sim.java import scan
from realfixtures import real_path

# What the real scripts import that the simulator lacks (each would be reported with a
# one-line reason): nothing since the gateway context stand-ins (gateway_sim.sdk.gatewaycontext).
EXPECTED_MISSING = set()
# Gateway internals the real 8.1 events import (HMS): now provided.
GATEWAY_CONTEXT_NAMES = {
    "com.inductiveautomation.ignition.gateway.IgnitionGateway",
    "com.inductiveautomation.ignition.gateway.images.ImageFormat",
}


_script_texts = scan.script_texts


def _all_references():
    refs = []
    for sub in ("projects", "event81"):
        for path, text in _script_texts(real_path(sub)):
            refs.extend((path, line, name) for line, name in scan.references(text))
    return refs


def test_real_scripts_java_and_sdk_names_resolve_without_a_jvm():
    refs = _all_references()
    assert refs, "the real artifacts import no Java/SDK name at all: the scan is broken"
    unresolved = {}
    for path, line, name in refs:
        reason = scan.resolve(name, jvm=False)
        if reason is not None:
            unresolved.setdefault(name, []).append("%s:%d" % (os.path.basename(path), line))
    assert set(unresolved) == EXPECTED_MISSING, unresolved


def test_commented_out_java_imports_are_not_references():
    news = real_path("projects", "floriansmeyers__SFLOW-Ignition-CLI", "global.zip.d", "ignition",
                     "script-python", "shared", "news", "code.py")
    with open(news) as f:
        text = f.read()
    assert "#from java.util import Date" in text
    assert scan.references(text) == []


def test_scan_folder_reports_each_missing_import_with_file_and_line():
    found = scan.scan_folder(real_path("event81"), jvm=False)
    assert set(name for _p, _l, name, _r in found) == EXPECTED_MISSING
    assert all(p.endswith("data.bin") and line > 0 and reason for p, line, _n, reason in found)
    assert scan.scan_folder(real_path("projects"), jvm=False) == []


def test_gateway_context_names_resolve():
    for name in sorted(GATEWAY_CONTEXT_NAMES):
        assert scan.resolve(name, jvm=False) is None, name


def test_gateway_internal_imports_of_the_real_events_run():
    """The HMS 8.1 events import gateway internals (IgnitionGateway, ImageFormat): each
    import statement now runs with the hook installed."""
    java_pkg.install()
    seen = set()
    for path, text in _script_texts(real_path("event81")):
        for lineno, stmt in scan._logical_lines(text):
            names = [n for _l, n in scan.references(stmt)]
            if not names:
                continue
            exec(compile(stmt.strip(), "%s:%d" % (path, lineno), "exec"), {})
            seen.update(names)
    assert seen == GATEWAY_CONTEXT_NAMES


def test_real_library_modules_import_with_the_hook(gateway):
    """Every script-library module of the real projects imports on CPython with the
    java/SDK hook installed (none of them needs a JVM)."""
    roots = []
    for dirpath, _dirs, files in os.walk(real_path("projects")):
        if "project.json" in files and os.path.isdir(os.path.join(dirpath, "ignition",
                                                                    "script-python")):
            roots.append(dirpath)
    assert len(roots) >= 2
    imported = []
    for root in roots:
        proj = gateway.projects.load(root, start=False)
        for name in sorted(proj.namespace.sources):
            proj.import_module(name)
            imported.append(name)
    assert "shared.news" in imported and "tagHistory" in imported


UPSTREAM_JAVA = [  # reference/ignition_api.md 8.6: what ignition-workflows imports
    "java.util.UUID", "java.util.Collections", "java.util.concurrent.ConcurrentHashMap",
    "java.util.concurrent.ConcurrentLinkedQueue", "java.util.concurrent.Executors",
    "java.util.concurrent.TimeUnit", "java.util.concurrent.atomic.AtomicBoolean",
    "java.util.concurrent.atomic.AtomicInteger", "java.util.concurrent.atomic.AtomicLong",
    "java.lang.Thread", "java.lang.Runnable", "java.lang.ThreadLocal", "java.lang.Exception",
    "java.lang.Throwable", "java.lang.StackTraceElement",
]


@pytest.mark.parametrize("name", UPSTREAM_JAVA)
def test_upstream_engine_java_names_are_pure_python(name):
    assert scan.resolve(name, jvm=False) is None
