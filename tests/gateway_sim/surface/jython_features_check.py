"""Run under Jython 2.7 by test_jython_features.py: tag history and annotations, 8.3
system.historian, system.util.getModules/getGatewayStatus, perspective.getProjectInfo,
dataset.dataSetToHTML/toExcel, user schedules/holidays, alarm pipelines/rosters and the
Generic Simulator OPC devices, each with values whose results the CPython tests pin.

Each section prints ``ok <what>`` per check or ``FAIL <section>: <traceback>``; the last
line is ``ALL OK <n>`` only when no section failed. Python 2.7 syntax (Jython).
May import: the standard library, ``gateway_sim``, ``java.*``.
"""
from __future__ import absolute_import, division, print_function

import json
import os
import shutil
import sys
import tempfile
import traceback

sys.path.insert(0, os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "..")))
os.environ["TZ"] = "UTC"

from java.lang import Throwable  # noqa: E402

from gateway_sim import Gateway, VirtualClock, simulate  # noqa: E402
from gateway_sim.jvm import Date  # noqa: E402

START = 1764072000.0   # the pytest plugin's VirtualClock start
H = 3600 * 1000
M = 60 * 1000
TMP = tempfile.mkdtemp(prefix="gwsim-jy-")
state = {"checks": 0, "failed": []}


def check(cond, what, got=None):
    if not cond:
        raise AssertionError("%s (got %r)" % (what, got))
    state["checks"] += 1
    print("ok", what)


def eq(got, want, what):
    check(got == want, "%s == %r" % (what, want), got)


def near(got, want, what):
    check(got is not None and abs(got - want) < 1e-6, "%s ~ %r" % (what, want), got)


def raises(fn, needle, what):
    try:
        fn()
    except Throwable as e:
        msg = e.getMessage() or e.toString()
    except Exception as e:  # noqa - the simulator raises Python errors for bad input too
        msg = str(e)
    else:
        raise AssertionError("%s: no exception (expected %r)" % (what, needle))
    check(needle in msg, "%s raises %r" % (what, needle), msg)


def gateway(name, version="8.1", config=None, virtual=True):
    gw = Gateway(data_dir=os.path.join(TMP, name), version=version,
                 clock=VirtualClock(start=START) if virtual else None)
    if config:
        gw.configure(config)
    return gw


def section(name, version="8.1", config=None):
    def deco(fn):
        gw = gateway(name, version, config)
        try:
            with simulate(gw):
                import gateway_sim.system as system
                fn(gw, system)
        except (Exception, Throwable):  # noqa - report and go on with the next section
            state["failed"].append(name)
            print("FAIL %s: %s" % (name, traceback.format_exc().replace("\n", "\n    ")))
        finally:
            gw.shutdown()
        return fn
    return deco


def rows(ds):
    return [[ds.getValueAt(r, c) for c in range(ds.getColumnCount())]
            for r in range(ds.getRowCount())]


def xml_doc(data):
    """Parse XML bytes with the JDK's DOM parser (Jython's ElementTree needs Xerces jars
    that a plain Jython install lacks)."""
    from java.io import ByteArrayInputStream
    from javax.xml.parsers import DocumentBuilderFactory
    factory = DocumentBuilderFactory.newInstance()
    factory.setNamespaceAware(True)
    return factory.newDocumentBuilder().parse(ByteArrayInputStream(bytearray(data)))


def elements(node, local_name):
    found = node.getElementsByTagNameNS("*", local_name)
    return [found.item(i) for i in range(found.getLength())]


def write(path, data):
    folder = os.path.dirname(path)
    if not os.path.isdir(folder):
        os.makedirs(folder)
    with open(path, "w") as f:
        f.write(data if isinstance(data, str) else json.dumps(data))


# ---------------------------------------------------------------- tag history (8.1)
@section("tag_history")
def _tag_history(gw, system):
    clock = gw.clock
    system.tag.configure("[default]Line", [
        {"name": "Speed", "dataType": "Float8", "value": 0.0, "historyEnabled": True,
         "historyProvider": "DB"},
        {"name": "Level", "dataType": "Float8", "value": 0.0, "historyEnabled": True,
         "historyProvider": "DB", "historicalDeadband": 1.0}])
    t0 = clock.now_ms()
    for v in (1.0, 1.0, 2.0):
        clock.advance(10)
        system.tag.writeBlocking(["[default]Line/Speed"], [v])
    ds = system.tag.queryTagHistory(["[default]Line/Speed"], endDate=Date(clock.now_ms()))
    eq(list(ds.getColumnNames()), ["t_stamp", "[default]Line/Speed"], "history columns")
    eq(list(ds.getColumnAsList(1)), [0.0, 1.0, 2.0], "recorded changes")
    eq([d.getTime() - t0 for d in ds.getColumnAsList(0)][1:], [10000, 30000], "stamps")
    for v in (0.5, 1.2, 1.9, 2.5, 0.0):
        clock.advance(1)
        system.tag.writeBlocking(["Line/Level"], [v])
    ds = system.tag.queryTagHistory(["Line/Level"], endDate=Date(clock.now_ms()))
    eq(list(ds.getColumnAsList(1)), [0.0, 1.2, 2.5, 0.0], "deadband")

    s = clock.now_ms() - 10 * H
    system.tag.storeTagHistory("DB", "default", ["Line/X"] * 4, [0, 4, 8, 2],
                               timestamps=[Date(s), Date(s + H // 4), Date(s + H // 2),
                                           Date(s + H)])

    def q(mode, **kw):
        return system.tag.queryTagHistory(["Line/X"], startDate=Date(s),
                                          endDate=Date(s + 2 * H), returnSize=2,
                                          aggregationMode=mode, **kw)
    avg = q("Average")
    eq(avg.getRowCount(), 2, "average rows")
    eq(avg.getValueAt(1, 0).getTime(), s + H, "average window start")
    near(avg.getValueAt(0, 1), (0 * 15 + 4 * 15 + 8 * 30) / 60.0, "time-weighted average")
    eq(list(q("LastValue").getColumnAsList(1)), [8, 2], "LastValue")
    eq(list(q("SimpleAverage").getColumnAsList(1)), [4.0, 2.0], "SimpleAverage")
    eq(list(q("MinMax").getColumnAsList(1)), [0.0, 8.0, 2.0, 2.0], "MinMax")
    eq(list(q("Count").getColumnAsList(1)), [3, 1], "Count")
    eq(list(q("Range").getColumnAsList(1)), [8.0, 0.0], "Range")
    iv = system.tag.queryTagHistory(["Line/X"], startDate=Date(s), endDate=Date(s + 2 * H),
                                    intervalMinutes=30, aggregationMode="Maximum",
                                    noInterpolation=True)
    eq(list(iv.getColumnAsList(1)), [4.0, 8.0, 2.0, None], "interval Maximum")
    tall = system.tag.queryTagHistory(["Line/X"], startDate=Date(s), endDate=Date(s + 2 * H),
                                      returnFormat="Tall")
    eq(list(tall.getColumnNames()), ["path", "value", "quality", "timestamp"], "tall columns")
    eq(tall.getValueAt(0, 2), 192, "tall quality")
    hp = system.tag.queryTagHistory(["histprov:DB:/drv:gw:default:/tag:Line/X"],
                                    startDate=Date(s), endDate=Date(s + 2 * H))
    eq(list(hp.getColumnAsList(1)), [0, 4, 8, 2], "histprov path")

    calc = system.tag.queryTagCalculations(["Line/X"], ["Average", "Minimum", "Maximum",
                                                        "Count"],
                                           startDate=Date(s), endDate=Date(s + H),
                                           aliases=["x"])
    eq(list(calc.getColumnNames()), ["path", "Average", "Minimum", "Maximum", "Count"],
       "calculation columns")
    eq([calc.getValueAt(0, c) for c in (0, 2, 3, 4)], ["x", 0.0, 8.0, 3], "calculations")
    near(calc.getValueAt(0, 1), 5.0, "calculated average")
    on = system.tag.queryTagCalculations(["Line/X"], ["DurationOn", "DurationOff", "PctGood"],
                                         startDate=Date(s), endDate=Date(s + H))
    eq([on.getValueAt(0, c) for c in (1, 2, 3)], [2700.0, 900.0, 100.0], "durations")

    provs = system.tag.browseHistoricalTags("").getResults()
    eq([n["fullPath"] for n in provs], ["histprov:DB"], "history providers")
    tags = system.tag.browseHistoricalTags("histprov:DB").getResults()
    eq(sorted(n["tagPath"] for n in tags),
       ["[default]Line/Level", "[default]Line/Speed", "[default]Line/X"], "historical tags")
    eq(system.tag.browseHistoricalTags("histprov:DB", nameFilters=["Lev*"]).getResults()[0]
       ["name"], "Level", "name filter")
    raises(lambda: system.tag.queryTagHistory(["Line/X"], returnSize=3, aggregationMode="Mean"),
           "unknown aggregationMode 'Mean'", "bad mode")
    raises(lambda: system.tag.queryTagHistory(["Line/X"], startDate="yesterday"),
           "startDate must be a java.util.Date", "bad date")
    raises(lambda: system.tag.storeTagHistory("DB", "default", ["a", "b"], [1]),
           "values has 1 items for 2 paths", "bad store")

    # annotations
    P = "[default]Line/A"
    a0 = clock.now_ms()
    clock.advance(60 * 60)
    res = system.tag.storeAnnotations([P, P], [Date(a0 + 5 * M), Date(a0 + 30 * M)],
                                      [None, Date(a0 + 40 * M)], ["note", "downtime"],
                                      ["start", "jam"])
    eq([x.isGood() for x in res], [True, True], "stored annotations")
    got = system.tag.queryAnnotations([P], Date(a0), Date(a0 + 60 * M))
    eq([(a.getType(), a.getData(), a.getStartTime().getTime()) for a in got],
       [("note", "start", a0 + 5 * M), ("downtime", "jam", a0 + 30 * M)], "annotations")
    sid = got[1].getStorageId()
    eq([x.isGood() for x in system.tag.deleteAnnotations([P, P], [sid, "no-such-id"])],
       [True, False], "deleted annotation")
    raises(lambda: system.tag.queryAnnotations([P], Date(10 * M), Date(0)), "swap them",
           "reversed range")


# ---------------------------------------------------------------- system.historian (8.3)
@section("historian83", version="8.3")
def _historian(gw, system):
    A = "histprov:Historian:/sys:gw:/prov:default:/tag:Line/A"
    B = "[default]Line/B"
    t0 = gw.clock.now_ms()
    gw.clock.advance(60 * 60)
    h = system.historian
    q = h.storeDataPoints([A, A, A], [10, 20, 40],
                          [Date(t0), Date(t0 + 10 * M), Date(t0 + 40 * M)])
    eq([x.getCode() for x in q], [192] * 3, "stored points")
    pts = [h.types.dataPoint(B, 1, Date(t0 + 20 * M)),
           h.types.dataPoint(B, 3, Date(t0 + 30 * M), 192)]
    eq([x.isGood() for x in h.storeDataPoints(pts)], [True, True], "stored dataPoint objects")
    ds = h.queryRawPoints([A, B], Date(t0), Date(t0 + 60 * M), columnNames=["a", "b"])
    eq(list(ds.getColumnNames()), ["a", "b", "timestamp"], "raw columns")
    eq([r[:2] for r in rows(ds)], [[10, None], [20, None], [20, 1], [20, 3], [40, 3]], "raw")
    one = h.queryAggregatedPoints([A], Date(t0), Date(t0 + 60 * M), aggregates=["Average"])
    near(rows(one)[0][0], 25.0, "aggregated average")
    calc = h.queryAggregatedPoints([A, B], Date(t0), Date(t0 + 60 * M),
                                   aggregates=["Minimum", "Count"], returnFormat="calculation")
    eq(rows(calc), [[A, "Minimum", 10.0], [B, "Count", 2]], "calculation format")
    h.storeMetadata([A], [Date(t0)], {"engUnit": "m"})
    eq([p.getProperties()["engUnit"] for p in
        h.queryMetadata(A, Date(t0), Date(t0 + 60 * M)).getResults()], ["m"], "metadata")
    h.storeAnnotations([A], [Date(t0 + 5 * M)], types=["note"], data=["first"])
    eq([n.getData() for n in h.queryAnnotations([A, B], Date(t0), Date(t0 + 60 * M))
        .getResults()], ["first"], "historian annotations")
    eq([n.getPath() for n in h.browse("histprov:Historian").getResults()],
       ["histprov:Historian:/prov:default"], "browse")
    # text from Java (tag values, dataset cells) is unicode on Jython
    eq([x.isGood() for x in h.storeDataPoints([u"[edge]Line/D\u00e9"], [1], [Date(t0)])],
       [True], "unicode path stored")
    eq([n.getPath() for n in h.browse(u"histprov:Historian", recursive=True).getResults()],
       ["histprov:Historian:/prov:default", "histprov:Historian:/prov:default:/tag:Line",
        "histprov:Historian:/prov:default:/tag:Line/A",
        "histprov:Historian:/prov:default:/tag:Line/B", "histprov:Historian:/prov:edge",
        "histprov:Historian:/prov:edge:/tag:Line",
        u"histprov:Historian:/prov:edge:/tag:Line/D\u00e9"],
       "recursive browse, unicode")
    check(h.updateRegisteredNodePath(A, "histprov:Historian:/prov:default:/tag:Line/C")[0]
          .isGood(), "rename node")
    eq([r[0] for r in rows(h.queryRawPoints(["[default]Line/C"], Date(t0),
                                            Date(t0 + 60 * M)))], [10, 20, 40], "renamed")


# ---------------------------------------------------------------- util / perspective
@section("util_modules")
def _util(gw, system):
    ds = system.util.getModules()
    eq(list(ds.getColumnNames()), ["Id", "Name", "Version", "State", "License"], "modules cols")
    eq(sorted(r[1] for r in rows(ds)), ["Alarm Notification", "OPC UA", "Perspective"],
       "module names")
    check(all(r[2].startswith("8.1.") and r[3] == "Running" for r in rows(ds)), "versions")
    gw.net.passthrough = False
    eq(system.util.getGatewayStatus("localhost:8088"), "RUNNING", "own gateway")
    gw.net.add_route("GET", "http://gw3:8088/main/StatusPing", json={"state": "STARTING"})
    eq(system.util.getGatewayStatus("http://gw3:8088/main/", 1000, 2000), "STARTING", "remote")
    gw.net.add_route("GET", "http://gw4:8088/StatusPing", status=503, text="down")
    eq(system.util.getGatewayStatus("gw4:8088"), "ERROR: HTTP 503 from "
       "http://gw4:8088/StatusPing", "remote 503")
    raises(lambda: system.util.getGatewayStatus("gw:8088", -1), "connectTimeoutMillis",
           "bad timeout")
    err = system.util.getGatewayStatus("gw9:8088")
    check(err.startswith("ERROR: ") and "http://gw9:8088/StatusPing" in err, "no route", err)
    gw.net.passthrough = True          # a refused connection on this machine, no stub
    err = system.util.getGatewayStatus("127.0.0.1:1", 2000, 2000)
    check(err.startswith("ERROR: ") and "(http://127.0.0.1:1/StatusPing)" in err
          and "ConnectException" in err, "refused names the failure and the URL", err)


@section("perspective_project")
def _perspective(gw, system):
    pv = "com.inductiveautomation.perspective"
    root = os.path.join(TMP, "projects", "Plant")
    write(os.path.join(root, "project.json"), {"title": "Plant HMI", "description": "Line 1"})
    for view, actor, stamp in (("Main", "ada", "2024-03-01T10:00:00Z"),
                               ("Popups/Alarm", "bob", "2024-05-02T08:30:15.250Z")):
        folder = os.path.join(root, pv, "views", *view.split("/"))
        write(os.path.join(folder, "view.json"), {"root": {}})
        write(os.path.join(folder, "resource.json"), {
            "scope": "G", "version": 1, "files": ["view.json"],
            "attributes": {"lastModification": {"actor": actor, "timestamp": stamp}}})
    write(os.path.join(root, pv, "page-config", "config.json"),
          {"pages": {"/": {"viewPath": "Main"}, "/alarms": {"viewPath": "Popups/Alarm"}}})
    raises(lambda: system.perspective.getProjectInfo(), "gw.projects.load", "no project")
    gw.projects.load(root, start=False)
    info = system.perspective.getProjectInfo()
    eq((info["name"], info["title"], info["description"]), ("Plant", "Plant HMI", "Line 1"),
       "project info")
    eq(info["views"], [{"path": "Main"}, {"path": "Popups/Alarm"}], "views")
    eq(info["pageConfigs"], [{"url": "/", "primaryView": "Main"},
                             {"url": "/alarms", "primaryView": "Popups/Alarm"}], "page configs")
    check(isinstance(info["lastModified"], Date), "lastModified is a java.util.Date",
          type(info["lastModified"]))
    eq(info["lastModified"].getTime(), 1714638615250, "lastModified")
    eq(info["lastModifiedBy"], "bob", "lastModifiedBy")


# ---------------------------------------------------------------- dataset export
@section("dataset_export")
def _dataset(gw, system):
    import io
    import re
    import zipfile
    sd = system.dataset
    ds = sd.toDataSet(["id", "name", "score"], [[1, "a<b & c", 2.5], [2, None, None]])
    html = sd.dataSetToHTML(True, ds, "Report")
    check(html.startswith("<HTML><HEAD><TITLE>Report</TITLE></HEAD>"), "html head", html[:60])
    eq(re.findall(r"<TH>(.*?)</TH>", html), ["id", "name", "score"], "html headers")
    check("<TD align='right'>2.5</TD>" in html and "<TD align='left'>a&lt;b &amp; c</TD>"
          in html, "html cells", html)
    flags = sd.dataSetToHTML(False, sd.toDataSet(["flag"], [[True], [False]]), "T")
    check("<TD align='left'>true</TD>" in flags and "<TH>" not in flags, "html booleans",
          flags)
    eq(sd.dataSetToHTML(1, sd.toPyDataSet(ds), "x"), sd.dataSetToHTML(True, ds, "x"), "pyds")
    raises(lambda: sd.dataSetToHTML(True, ds, 5), "title must be a string", "bad title")

    data = sd.toExcel(True, [ds, sd.toDataSet(["x"], [[7]])], sheetNames=["Main", "Other"])
    eq(data.typecode, "b", "byte array")
    zf = zipfile.ZipFile(io.BytesIO(data.tostring()))
    check(zf.testzip() is None, "zip is sound")
    wb = xml_doc(zf.read("xl/workbook.xml"))
    eq([s.getAttribute("name") for s in elements(wb, "sheet")], ["Main", "Other"],
       "sheet names")
    cells = []
    for c in elements(xml_doc(zf.read("xl/worksheets/sheet1.xml")), "c"):
        if c.getAttribute("t") == "inlineStr":
            cells.append(u"".join(t.getTextContent() for t in elements(c, "t")))
        else:
            v = elements(c, "v")
            cells.append(v[0].getTextContent() if v else None)
    eq(cells, ["id", "name", "score", "1", "a<b & c", "2.5", "2", "", "0"], "sheet cells")
    rels = zf.read("xl/_rels/workbook.xml.rels").decode("utf-8")
    check("worksheets/sheet2.xml" in rels and "styles.xml" in rels, "workbook rels")
    d = sd.toDataSet(["n", "b", "t"], [[None, True, system.date.fromMillis(0)]])
    zf = zipfile.ZipFile(io.BytesIO(sd.toExcel(False, [d], True).tostring()))
    check(b'formatCode="yyyy-mm-dd hh:mm:ss"' in zf.read("xl/styles.xml"), "date style")
    (c,) = [c for c in elements(xml_doc(zf.read("xl/worksheets/sheet1.xml")), "c")
            if c.getAttribute("r").startswith("C")]
    eq(c.getAttribute("s"), "1", "date cell style")
    near(round(float(elements(c, "v")[0].getTextContent())), 25569.0, "1970-01-01 serial")
    b = [c for c in elements(xml_doc(zf.read("xl/worksheets/sheet1.xml")), "c")
         if c.getAttribute("r").startswith("B")][0]
    eq((b.getAttribute("t"), elements(b, "v")[0].getTextContent()), ("b", "1"), "boolean cell")
    raises(lambda: sd.toExcel(True, ds), "pass [dataset]", "bad datasets")
    raises(lambda: sd.toExcel(True, [ds], sheetNames=["a", "b"]), "one name per dataset",
           "bad sheet names")


# ---------------------------------------------------------------- user schedules
USERS = {"userSources": {"default": {
    "roles": ["Operator"],
    "users": [{"username": "ada", "roles": ["Operator"]},
              {"username": "otto", "roles": ["Operator"], "schedule": "Always"}]}}}


@section("user_schedules", config=USERS)
def _schedules(gw, system):
    from com.inductiveautomation.ignition.common.user.schedule import (BasicScheduleModel,
                                                                        HolidayModel)

    def at(y, mo, d, h, mi=0):
        return system.date.setTime(system.date.getDate(y, mo, d), h, mi, 0)
    eq(list(system.user.getScheduleNames()), ["Always"], "built-in schedule")
    day = BasicScheduleModel()
    day.setName("Day")
    day.setWeekDays(True)
    day.setWeekDayTime("8:00-12:00, 13:00-17:00")
    day.setObserveHolidays(True)
    eq(list(system.user.addSchedule(day).getErrors()), [], "add schedule")
    eq(list(system.user.addSchedule(day).getErrors()),
       ["A schedule named 'Day' already exists."], "duplicate schedule")
    ada = system.user.getUser("default", "ada")
    ada.set("schedule", "Day")
    eq(list(system.user.editUser("default", ada).getErrors()), [], "edit user")
    ada = system.user.getUser("default", "ada")
    eq(system.user.isUserScheduled(ada, at(2026, 0, 5, 9)), True, "Monday 9:00")
    eq(system.user.isUserScheduled(ada, at(2026, 0, 5, 12, 30)), False, "Monday 12:30")
    eq([u.get("username") for u in system.user.getScheduledUsers("default",
                                                                 at(2026, 0, 5, 12, 30))],
       ["otto"], "scheduled users")
    bad = BasicScheduleModel("Bad")
    bad.setMondayTime("17:00-8:00")
    check("start must be before the end" in system.user.addSchedule(bad).getErrors()[0],
          "bad range refused")
    eq(list(system.user.addCompositeSchedule("Both", "Always", "Ghost").getErrors()),
       ["Composite schedule 'Both' refers to unknown schedule(s) Ghost; schedules: Always, "
        "Day"], "composite with unknown part")
    xmas = HolidayModel("Christmas", system.date.getDate(2020, 11, 25), True)
    eq(list(system.user.addHoliday(xmas).getErrors()), [], "add holiday")
    eq(system.user.isUserScheduled(ada, at(2026, 11, 25, 10)), False, "holiday observed")
    eq(list(system.user.getHolidayNames()), ["Christmas"], "holiday names")
    adj = system.user.createScheduleAdjustment(at(2026, 0, 6, 0), at(2026, 0, 7, 0), False,
                                               "dentist")
    eq((adj.getNote(), adj.isAvailable()), ("dentist", False), "adjustment")
    ada.addScheduleAdjustments([adj])
    eq(list(system.user.editUser("default", ada).getErrors()), [], "save adjustment")
    ada = system.user.getUser("default", "ada")
    eq(system.user.isUserScheduled(ada, at(2026, 0, 6, 10)), False, "adjustment decides")
    eq(system.user.isUserScheduled(ada, at(2026, 0, 7, 10)), True, "next day scheduled")
    raises(lambda: system.user.createScheduleAdjustment("2026-01-01", at(2026, 0, 7, 0), True,
                                                        ""),
           "startDate must be a java.util.Date", "bad adjustment")


# ---------------------------------------------------------------- alarm admin
@section("alarm_admin")
def _alarm(gw, system):
    pipes = os.path.join("com.inductiveautomation.alarm-notification", "alarm-pipelines")
    root = os.path.join(TMP, "alarm-projects")
    for project, names in (("alarm-pipelines", ["Email", "Ops/SMS"]), ("Plant", ["Escalation"]),
                           ("Empty", [])):
        write(os.path.join(root, project, "project.json"), {"title": project, "enabled": True})
        for p in names:
            res = os.path.join(root, project, pipes, *p.split("/"))
            write(os.path.join(res, "resource.json"), {"scope": "G", "version": 1})
            write(os.path.join(res, "data.bin"), "")
    gw.configure({"projects": root})
    eq(sorted(system.alarm.listPipelines()), ["Email", "Ops/SMS"], "default pipelines")
    eq(list(system.alarm.listPipelines("Plant")), ["Escalation"], "project pipelines")
    raises(lambda: system.alarm.listPipelines("Nope"), "project 'Nope' does not exist",
           "unknown project")
    eq(system.alarm.getRosters(), {}, "no rosters")
    eq(system.alarm.createRoster("Day Shift", "weekday operators"), None, "create roster")
    system.alarm.createRoster("Night", "")
    eq(dict(system.alarm.getRosters()), {"Day Shift": [], "Night": []}, "rosters")
    raises(lambda: system.alarm.createRoster("Night", "again"),
           "a roster named 'Night' already exists", "duplicate roster")


def opc_values(gw, system, server, dev):
    """Random and Realistic reads at 2.5 s and an hour later (the pytest side runs this on
    CPython too: both hosts must serve the same numbers)."""
    out = []
    for step in (0.0, 3600.0):
        gw.clock.advance(step)
        for item in ("Random/RandomInteger1", "Random/RandomDouble2", "Random/RandomBoolean1",
                     "Random/RandomLong2", "Realistic/Realistic0", "Realistic/Realistic3"):
            out.append(system.opc.readValue(server, dev + item).getValue())
    return out


# ---------------------------------------------------------------- OPC devices
@section("opc_devices", config={"opcServers": {"Ignition OPC UA Server": {
    "devices": {"Test-PLC": "generic", "Other": {"driver": "generic"}}}}})
def _opc(gw, system):
    server = "Ignition OPC UA Server"
    dev = "ns=1;s=[Test-PLC]"

    def val(path):
        qv = system.opc.readValue(server, path)
        check(qv.getQuality().isGood(), "good read " + path, qv)
        return qv.getValue()
    eq(val(dev + "ReadOnly/ReadOnlyInteger5"), 5, "ReadOnlyInteger5")
    eq(val(dev + "ReadOnly/ReadOnlyString1"), "ABCDEFG", "ReadOnlyString1")
    eq(val(dev + "ReadOnly/ReadOnlyBoolean2"), True, "ReadOnlyBoolean2")
    check(not system.opc.writeValue(server, dev + "Ramp/Ramp0", 5).isGood(), "ramp read-only")
    check(system.opc.writeValue(server, dev + "Writeable/WriteableInteger3", "12").isGood(),
          "writeable write")
    eq(val(dev + "Writeable/WriteableInteger3"), 12, "written value coerced")
    eq(val("ns=1;s=[Other]Writeable/WriteableInteger3"), 0, "devices keep their own values")
    eq(val(dev + "Ramp/Ramp0"), 0.0, "ramp at start")
    gw.clock.advance(2.5)     # opc_values reads from here on
    near(val(dev + "Ramp/Ramp0"), 25.0, "ramp after 2.5 s")
    near(val(dev + "Sine/Sine0"), 100.0, "sine quarter period")
    eq(val(dev + "Sine/Sine4"), 31, "Int4 sine")
    top = system.opc.browseServer(server, "")
    eq([(t.getDisplayName(), t.getElementType()) for t in top],
       [("Other", "DEVICE"), ("Test-PLC", "DEVICE")], "browse devices")
    qv = system.opc.readValue(server, dev + "Nope")
    check(qv.getValue() is None and not qv.getQuality().isGood(), "unknown item not found")
    # the moving values, compared by the pytest side with the same reads on CPython
    print("opc-values", json.dumps(opc_values(gw, system, server, dev)))



@section("opc_unicode_device", config={"opcServers": {"Ignition OPC UA Server": {
    "devices": {u"PLC\u00e9": "generic", "Line 2": "generic"}}}})
def _opc_unicode(gw, system):
    top = system.opc.browseServer("Ignition OPC UA Server", "")
    eq([t.getDisplayName() for t in top], ["Line 2", u"PLC\u00e9"], "non-ASCII device name")
    qv = system.opc.readValue("Ignition OPC UA Server", u"ns=1;s=[PLC\u00e9]ReadOnly/ReadOnlyLong1")
    eq(qv.getValue(), 1, "read from the non-ASCII device")


shutil.rmtree(TMP, ignore_errors=True)
if state["failed"]:
    print("FAILED SECTIONS", " ".join(state["failed"]))
    sys.exit(1)
print("ALL OK", state["checks"])
