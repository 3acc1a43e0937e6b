"""``system.dataset`` functions that render datasets as documents: ``dataSetToHTML``
(an HTML page holding one ``<TABLE>``) and ``toExcel`` (the bytes of an ``.xlsx``
workbook, one worksheet per dataset, written with the standard library: ``zipfile`` and
minimal SpreadsheetML).

HTML follows the example page of the manual: ``<HTML><HEAD><TITLE>..</TITLE></HEAD>``,
``<TABLE border='1'>``, a ``<TH>`` header row when ``showHeaders``, then one ``<TR>`` per
row whose numbers are ``align='right'`` and everything else ``align='left'``.
Values print as Java prints them (``true``/``false``, a Date's ``toString``).

Workbook: numbers are numeric cells, booleans boolean cells, Dates numeric cells with a
date-time format (the gateway's time zone), everything else inline strings. Sheet names
are sanitised as Excel requires (no ``[]:*?/\\``, at most 31 characters, unique).

Unverified (no real gateway to compare with): the exact whitespace between HTML tags,
that ``<``/``&`` in values are escaped and that a null prints as an empty cell; the
default sheet names ``Sheet1``, ``Sheet2``...; that ``nullsEmpty=False`` writes a null
as ``0`` in numeric columns and as an empty string elsewhere (the manual only says Excel
then "provides a default value like 0"); the date format ``yyyy-mm-dd hh:mm:ss``.
Single-source 2.7/3.x. May import: ``gateway_sim`` core.
"""
from __future__ import absolute_import, division, print_function

import array
import io
import re
import zipfile

from gateway_sim import dataset_types as _ds
from gateway_sim._compat import integer_types, string_types, text_type
from gateway_sim.dataset import BasicDataset, PyDataSet, as_dataset
from gateway_sim.registry import implements

_NUMBER_TYPES = (_ds.BYTE, _ds.SHORT, _ds.INTEGER, _ds.LONG, _ds.FLOAT, _ds.DOUBLE, _ds.DECIMAL)


def _bool_arg(fname, name, value):
    if isinstance(value, bool) or (isinstance(value, integer_types) and value in (0, 1)):
        return bool(value)
    raise TypeError("%s: %s must be a boolean (True/False or 1/0), got %r" % (fname, name, value))


def _is_number(value):
    if isinstance(value, bool):
        return False
    if isinstance(value, integer_types + (float,)):
        return True
    return type(value).__name__ in ("Decimal", "BigDecimal")


def _java_text(value):
    """``String.valueOf(value)`` as a gateway prints a cell."""
    if value is None:
        return u""
    if isinstance(value, bool):
        return u"true" if value else u"false"
    if isinstance(value, float):
        return text_type(repr(value))
    if isinstance(value, string_types):
        return value if isinstance(value, text_type) else value.decode("utf-8")
    return text_type(value)


def _html_escape(text):
    return text.replace(u"&", u"&amp;").replace(u"<", u"&lt;").replace(u">", u"&gt;")


@implements("system.dataset.dataSetToHTML")
def dataSetToHTML(showHeaders, dataset, title):
    """The dataset as an HTML page (a string) holding one bordered table."""
    show = _bool_arg("dataSetToHTML", "showHeaders", showHeaders)
    ds = as_dataset(dataset, "dataSetToHTML: dataset")
    if title is None:
        title = u""
    if not isinstance(title, string_types):
        raise TypeError("dataSetToHTML: title must be a string (the page title), got %r"
                        % (title,))
    out = [u"<HTML><HEAD><TITLE>%s</TITLE></HEAD>" % _html_escape(_java_text(title)),
           u"<BODY>", u"<TABLE border='1'>"]
    if show:
        out.append(u"<TR>")
        out.extend(u"<TH>%s</TH>" % _html_escape(_java_text(h)) for h in ds._headers)
        out.append(u"</TR>")
    for row in ds._rows:
        out.append(u"<TR>")
        for v in row:
            align = u"right" if _is_number(v) else u"left"
            out.append(u"<TD align='%s'>%s</TD>" % (align, _html_escape(_java_text(v))))
        out.append(u"</TR>")
    out.extend([u"</TABLE>", u"</BODY></HTML>"])
    return u"\n".join(out) + u"\n"


# --- toExcel --------------------------------------------------------------------------
_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
_XML_BAD = re.compile(u"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _datasets(fname, value):
    if isinstance(value, (BasicDataset, PyDataSet)):
        raise TypeError("%s: dataset must be a list of datasets (one per sheet), got a single "
                        "dataset; pass [dataset]" % fname)
    if value is None or isinstance(value, (string_types, dict)):
        raise TypeError("%s: dataset must be a list of datasets (one per sheet), got %r"
                        % (fname, value))
    try:
        items = list(value)
    except TypeError:
        raise TypeError("%s: dataset must be a list of datasets (one per sheet), got %s"
                        % (fname, type(value).__name__))
    if not items:
        raise ValueError("%s: dataset is an empty list; a workbook needs at least one dataset"
                         % fname)
    return [as_dataset(d, "%s: dataset[%d]" % (fname, i)) for i, d in enumerate(items)]


def _sheet_names(fname, names, count):
    if names is None:
        return ["Sheet%d" % (i + 1) for i in range(count)]
    if isinstance(names, string_types):
        names = [names]
    try:
        names = list(names)
    except TypeError:
        raise TypeError("%s: sheetNames must be a list of strings, got %r" % (fname, names))
    if len(names) != count:
        raise ValueError("%s: %d sheetNames for %d dataset(s); give exactly one name per "
                         "dataset" % (fname, len(names), count))
    out, seen = [], set()
    for i, n in enumerate(names):
        if not isinstance(n, string_types):
            raise TypeError("%s: sheetNames[%d] must be a string, got %r" % (fname, i, n))
        clean = _BAD_SHEET_CHARS.sub(u"_", n).strip(u"'")[:31] or u"Sheet%d" % (i + 1)
        base, k = clean, 2
        while clean.lower() in seen:
            suffix = u" (%d)" % k
            clean = base[:31 - len(suffix)] + suffix
            k += 1
        seen.add(clean.lower())
        out.append(clean)
    return out


def _xml(text):
    text = _XML_BAD.sub(u"", text)
    return (text.replace(u"&", u"&amp;").replace(u"<", u"&lt;").replace(u">", u"&gt;")
            .replace(u'"', u"&quot;"))


def _col_letters(i):
    s = u""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = u"ABCDEFGHIJKLMNOPQRSTUVWXYZ"[r] + s
    return s


def _excel_serial(date):
    from gateway_sim.java import _timefmt
    ms = date.getTime()
    return (ms / 1000.0 + _timefmt.offset_seconds(ms)) / 86400.0 + 25569.0


def _cell(ref, value, ctype, nulls_empty):
    if value is None:
        if nulls_empty:
            return u""
        if _ds.column_type(ctype) in _NUMBER_TYPES:
            return u'<c r="%s"><v>0</v></c>' % ref
        return u'<c r="%s" t="inlineStr"><is><t></t></is></c>' % ref
    if isinstance(value, bool):
        return u'<c r="%s" t="b"><v>%d</v></c>' % (ref, 1 if value else 0)
    if _is_number(value):
        if isinstance(value, float) and (value != value or value in (float("inf"),
                                                                      float("-inf"))):
            return u'<c r="%s" t="inlineStr"><is><t>%s</t></is></c>' % (ref, _java_text(value))
        return u'<c r="%s"><v>%s</v></c>' % (ref, _java_text(value))
    if _ds._is_date(value):
        return u'<c r="%s" s="1"><v>%r</v></c>' % (ref, _excel_serial(value))
    return u'<c r="%s" t="inlineStr"><is><t xml:space="preserve">%s</t></is></c>' % (
        ref, _xml(_java_text(value)))


def _sheet_xml(ds, show_headers, nulls_empty):
    types = ds.getColumnTypes()
    rows_xml, r = [], 0
    if show_headers:
        r += 1
        cells = u"".join(u'<c r="%s%d" t="inlineStr"><is><t xml:space="preserve">%s</t></is></c>'
                         % (_col_letters(i), r, _xml(_java_text(h)))
                         for i, h in enumerate(ds._headers))
        rows_xml.append(u'<row r="%d">%s</row>' % (r, cells))
    for row in ds._rows:
        r += 1
        cells = u"".join(_cell(u"%s%d" % (_col_letters(i), r), v, types[i], nulls_empty)
                         for i, v in enumerate(row))
        rows_xml.append(u'<row r="%d">%s</row>' % (r, cells))
    return (u'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            u'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            u'<sheetData>%s</sheetData></worksheet>' % u"".join(rows_xml))


_CT = (u'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
       u'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
       u'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
       u'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
       u'<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
       u'officedocument.spreadsheetml.sheet.main+xml"/>'
       u'<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-'
       u'officedocument.spreadsheetml.styles+xml"/>%s</Types>')
_CT_SHEET = (u'<Override PartName="/xl/worksheets/sheet%d.xml" ContentType="application/'
             u'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>')
_RELS = (u'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
         u'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
         u'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
         u'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
_WB_RELS = (u'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            u'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/'
            u'relationships">%s</Relationships>')
_WB_REL = (u'<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/'
           u'2006/relationships/%s" Target="%s"/>')
_WORKBOOK = (u'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
             u'<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
             u'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
             u'<sheets>%s</sheets></workbook>')
_STYLES = (u'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           u'<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
           u'<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd hh:mm:ss"/>'
           u'</numFmts><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
           u'<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill '
           u'patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/>'
           u'<top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf '
           u'numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs '
           u'count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf '
           u'numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
           u'</cellXfs></styleSheet>')


@implements("system.dataset.toExcel")
def toExcel(showHeaders, dataset, nullsEmpty=False, sheetNames=None):
    """The bytes (a signed byte array) of an .xlsx workbook, one sheet per dataset."""
    fname = "toExcel"
    show = _bool_arg(fname, "showHeaders", showHeaders)
    nulls_empty = _bool_arg(fname, "nullsEmpty", nullsEmpty)
    datasets = _datasets(fname, dataset)
    names = _sheet_names(fname, sheetNames, len(datasets))
    buf = io.BytesIO()
    zf = zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED)
    try:
        def put(name, text):
            zf.writestr(name, text.encode("utf-8"))
        n = len(datasets)
        put("[Content_Types].xml", _CT % u"".join(_CT_SHEET % (i + 1) for i in range(n)))
        put("_rels/.rels", _RELS)
        put("xl/workbook.xml", _WORKBOOK % u"".join(
            u'<sheet name="%s" sheetId="%d" r:id="rId%d"/>' % (_xml(nm), i + 1, i + 1)
            for i, nm in enumerate(names)))
        rels = [_WB_REL % (i + 1, u"worksheet", u"worksheets/sheet%d.xml" % (i + 1))
                for i in range(n)]
        rels.append(_WB_REL % (n + 1, u"styles", u"styles.xml"))
        put("xl/_rels/workbook.xml.rels", _WB_RELS % u"".join(rels))
        put("xl/styles.xml", _STYLES)
        for i, ds in enumerate(datasets):
            put("xl/worksheets/sheet%d.xml" % (i + 1), _sheet_xml(ds, show, nulls_empty))
    finally:
        zf.close()
    out = array.array("b")
    raw = buf.getvalue()
    if hasattr(out, "frombytes"):
        out.frombytes(raw)
    else:  # Python 2 / Jython
        out.fromstring(raw)
    return out
