"""system.dataset.dataSetToHTML and toExcel (gateway_sim/system/_dataset_export.py)."""
from __future__ import absolute_import, division, print_function

import io
import re
import xml.etree.ElementTree as ET
import zipfile

import pytest

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}


@pytest.fixture
def sd(system):
    return system.dataset


@pytest.fixture
def ds(sd):
    return sd.toDataSet(["id", "name", "score"], [[1, "a<b & c", 2.5], [2, None, None]])


def _workbook(data):
    raw = data.tobytes() if hasattr(data, "tobytes") else bytes(data)
    return zipfile.ZipFile(io.BytesIO(raw))


def _cells(zf, n=1):
    root = ET.fromstring(zf.read("xl/worksheets/sheet%d.xml" % n))
    out = []
    for row in root.findall("m:sheetData/m:row", NS):
        cells = {}
        for c in row.findall("m:c", NS):
            t = c.get("t")
            if t == "inlineStr":
                v = "".join(x.text or "" for x in c.findall("m:is/m:t", NS))
            else:
                el = c.find("m:v", NS)
                v = None if el is None else el.text
            cells[re.match(r"[A-Z]+", c.get("r")).group(0)] = (t, v, c.get("s"))
        out.append(cells)
    return out


def test_html_page_has_title_headers_and_aligned_cells(sd, ds):
    html = sd.dataSetToHTML(True, ds, "Report")
    assert html.startswith("<HTML><HEAD><TITLE>Report</TITLE></HEAD>")
    assert "<TABLE border='1'>" in html and html.rstrip().endswith("</BODY></HTML>")
    assert re.findall(r"<TH>(.*?)</TH>", html) == ["id", "name", "score"]
    assert "<TD align='right'>1</TD>" in html and "<TD align='right'>2.5</TD>" in html
    assert "<TD align='left'>a&lt;b &amp; c</TD>" in html
    assert html.count("<TR>") == 3


def test_html_without_headers_and_java_text(sd):
    d = sd.toDataSet(["flag"], [[True], [False]])
    html = sd.dataSetToHTML(False, d, "T")
    assert "<TH>" not in html and html.count("<TR>") == 2
    assert "<TD align='left'>true</TD>" in html and "<TD align='left'>false</TD>" in html


def test_html_accepts_pydataset(sd, ds):
    assert sd.dataSetToHTML(1, sd.toPyDataSet(ds), "x") == sd.dataSetToHTML(True, ds, "x")


@pytest.mark.parametrize("args,needle", [
    (("yes", None, "t"), "showHeaders"),
    ((True, [[1]], "t"), "dataset must be a Dataset"),
    ((True, None, 5), "title must be a string"),
])
def test_html_bad_input(sd, ds, args, needle):
    args = tuple(ds if a is None and i == 1 else a for i, a in enumerate(args))
    with pytest.raises(TypeError) as info:
        sd.dataSetToHTML(*args)
    assert needle in str(info.value)


def test_excel_workbook_structure_and_values(sd, ds):
    data = sd.toExcel(True, [ds, sd.toDataSet(["x"], [[7]])], sheetNames=["Main", "Other"])
    assert data.typecode == "b"
    zf = _workbook(data)
    assert zf.testzip() is None
    names = set(zf.namelist())
    assert {"[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/styles.xml",
            "xl/_rels/workbook.xml.rels", "xl/worksheets/sheet1.xml",
            "xl/worksheets/sheet2.xml"} <= names
    wb = ET.fromstring(zf.read("xl/workbook.xml"))
    assert [s.get("name") for s in wb.findall("m:sheets/m:sheet", NS)] == ["Main", "Other"]
    rows = _cells(zf)
    assert [rows[0][c][1] for c in "ABC"] == ["id", "name", "score"]
    assert rows[1]["A"] == (None, "1", None) and rows[1]["C"] == (None, "2.5", None)
    assert rows[1]["B"] == ("inlineStr", "a<b & c", None)
    # nullsEmpty=False: numeric nulls are 0, text nulls empty strings
    assert rows[2]["C"] == (None, "0", None) and rows[2]["B"] == ("inlineStr", "", None)
    assert _cells(zf, 2) == [{"A": ("inlineStr", "x", None)}, {"A": (None, "7", None)}]
    rels = zf.read("xl/_rels/workbook.xml.rels").decode("utf-8")
    assert "worksheets/sheet2.xml" in rels and "styles.xml" in rels


def test_excel_nulls_empty_headers_off_and_types(sd, system):
    d = sd.toDataSet(["n", "b", "t"], [[None, True, system.date.fromMillis(0)]])
    zf = _workbook(sd.toExcel(False, [d], True))
    rows = _cells(zf)
    assert len(rows) == 1 and "A" not in rows[0]
    assert rows[0]["B"] == ("b", "1", None)
    t, v, style = rows[0]["C"]
    assert style == "1" and abs(float(v) - 25569.0) < 1.0     # 1970-01-01 (+- the zone offset)
    assert b'formatCode="yyyy-mm-dd hh:mm:ss"' in zf.read("xl/styles.xml")


def test_excel_default_and_sanitised_sheet_names(sd, ds):
    zf = _workbook(sd.toExcel(True, [ds, ds]))
    wb = ET.fromstring(zf.read("xl/workbook.xml"))
    assert [s.get("name") for s in wb.findall("m:sheets/m:sheet", NS)] == ["Sheet1", "Sheet2"]
    zf = _workbook(sd.toExcel(True, [ds, ds], sheetNames=["a/b:c" + "x" * 40, "A/B:C" + "x" * 40]))
    names = [s.get("name") for s in ET.fromstring(zf.read("xl/workbook.xml"))
             .findall("m:sheets/m:sheet", NS)]
    assert names[0] == ("a_b_c" + "x" * 40)[:31] and len(names[1]) <= 31
    assert names[0].lower() != names[1].lower()


@pytest.mark.parametrize("call,exc,needle", [
    (lambda sd, ds: sd.toExcel(True, ds), TypeError, "pass [dataset]"),
    (lambda sd, ds: sd.toExcel(True, []), ValueError, "at least one dataset"),
    (lambda sd, ds: sd.toExcel(True, [ds, "x"]), TypeError, "dataset[1]"),
    (lambda sd, ds: sd.toExcel(True, [ds], sheetNames=["a", "b"]), ValueError,
     "one name per dataset"),
    (lambda sd, ds: sd.toExcel(True, [ds], sheetNames=[3]), TypeError, "sheetNames[0]"),
    (lambda sd, ds: sd.toExcel("no", [ds]), TypeError, "showHeaders"),
    (lambda sd, ds: sd.toExcel(True, [ds], nullsEmpty="x"), TypeError, "nullsEmpty"),
])
def test_excel_bad_input(sd, ds, call, exc, needle):
    with pytest.raises(exc) as info:
        call(sd, ds)
    assert needle in str(info.value)

