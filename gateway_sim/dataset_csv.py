"""Datasets as CSV text: ``system.dataset.toCSV`` and the ``fromCSV`` export format.

The export form (``forExport=True``) is the one ``fromCSV`` reads: ``#NAMES``,
the names, ``#TYPES``, the type aliases (``I``, ``str``, ``D``, ``date``...),
``#ROWS,<n>``, then the rows. Every value is quoted. Dates are written
``yyyy-MM-dd HH:mm:ss.S`` (java.sql.Timestamp) in local time; ``fromCSV`` also
takes epoch ms. May import: the standard library and ``gateway_sim`` core modules.
"""
from __future__ import absolute_import, division, print_function

import csv
import io
import re
import time

from gateway_sim._compat import PY2, string_types, text_type
from gateway_sim.dataset import BasicDataset
from gateway_sim.dataset_types import (BOOLEAN, BYTE, DATE, DECIMAL, DOUBLE, FLOAT, INTEGER,
                                       LONG, OBJECT, SHORT, STRING, _is_date, coerce, new_date)

_CSV_TYPES = {"byt": BYTE, "s": SHORT, "i": INTEGER, "l": LONG, "f": FLOAT,
              "d": DOUBLE, "b": BOOLEAN, "Byt": BYTE, "S": SHORT,
              "I": INTEGER, "L": LONG, "F": FLOAT, "D": DOUBLE, "B": BOOLEAN,
              "O": OBJECT, "date": DATE, "str": STRING}
_CSV_ALIASES = dict((t.name, a) for a, t in _CSV_TYPES.items() if a[0].isupper() or a in
                    ("date", "str"))
_CSV_ALIASES[DECIMAL.name] = "D"


def to_csv(ds, showHeaders=True, forExport=False):
    """The dataset as CSV text; ``forExport`` writes the header block ``fromCSV`` reads."""
    lines = []
    if forExport:
        lines.append(_csv_line(["#NAMES"]))
        lines.append(_csv_line(ds._headers))
        lines.append(_csv_line(["#TYPES"]))
        lines.append(_csv_line([_CSV_ALIASES.get(t.name, "O") for t in ds.getColumnTypes()]))
        lines.append(_csv_line(["#ROWS", text_type(len(ds._rows))]))
    elif showHeaders:
        lines.append(_csv_line(ds._headers))
    for r in ds._rows:
        lines.append(_csv_line([_csv_text(v) for v in r]))
    return u"\n".join(lines) + (u"\n" if lines else u"")


def from_csv(csv_text):
    """Parse CSV written by ``toCSV(..., forExport=True)`` (the #NAMES/#TYPES/#ROWS form)."""
    if not isinstance(csv_text, string_types):
        raise TypeError("fromCSV: csv must be a string, got %s" % type(csv_text).__name__)
    rows = list(_csv_reader(csv_text))
    rows = [r for r in rows if r]

    def need(i, what):
        if i >= len(rows):
            raise ValueError("fromCSV: line %d must be %s, but the text ends there; expected "
                             "#NAMES / names / #TYPES / types / #ROWS,n / rows" % (i + 1, what))
        return rows[i]

    if need(0, "#NAMES")[0].strip() != "#NAMES":
        raise ValueError("fromCSV: line 1 must be #NAMES (write the CSV with toCSV(ds, "
                         "forExport=True)), got %r" % ",".join(rows[0]))
    names = need(1, "the column names")
    if need(2, "#TYPES")[0].strip() != "#TYPES":
        raise ValueError("fromCSV: line 3 must be #TYPES, got %r" % ",".join(rows[2]))
    aliases = [a.strip() for a in need(3, "the column types")]
    if len(aliases) != len(names):
        raise ValueError("fromCSV: %d column names but %d types" % (len(names), len(aliases)))
    types = []
    for a in aliases:
        if a not in _CSV_TYPES:
            raise ValueError("fromCSV: unknown column type alias %r; use one of %s"
                             % (a, ", ".join(sorted(_CSV_TYPES))))
        types.append(_CSV_TYPES[a])
    head = need(4, "#ROWS,<count>")
    if head[0].strip() != "#ROWS" or len(head) < 2:
        raise ValueError("fromCSV: line 5 must be #ROWS,<count>, got %r" % ",".join(head))
    try:
        count = int(head[1])
    except ValueError:
        raise ValueError("fromCSV: the row count on line 5 must be a number, got %r" % head[1])
    data = rows[5:]
    if len(data) != count:
        raise ValueError("fromCSV: #ROWS says %d row(s) but %d follow" % (count, len(data)))
    out = []
    for i, r in enumerate(data):
        if len(r) != len(names):
            raise ValueError("fromCSV: data row %d has %d value(s), expected %d"
                             % (i + 1, len(r), len(names)))
        out.append([_from_csv_text(v, t, names[j]) for j, (v, t) in enumerate(zip(r, types))])
    return BasicDataset(names, out, types)


_DATE_RE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?$")


def _csv_line(values):
    return u",".join(u'"%s"' % text_type(v).replace(u'"', u'""') for v in values)


def _csv_text(v):
    if v is None:
        return u""
    if isinstance(v, bool):
        return u"true" if v else u"false"
    if _is_date(v):
        from gateway_sim.backends.database.javaside import Timestamp
        return text_type(Timestamp()(v.getTime()).toString())
    return text_type(v)


def _csv_reader(text):
    if PY2:
        data = io.BytesIO(text.encode("utf-8"))
        for row in csv.reader(data):
            yield [c.decode("utf-8") for c in row]
    else:
        for row in csv.reader(io.StringIO(text)):
            yield row


def _from_csv_text(v, t, name):
    if t == STRING or t == OBJECT:
        return v
    if v == "" or v.lower() == "null":
        return None
    if t == DATE:
        v = v.strip()
        if re.match(r"^-?\d+$", v):
            return new_date(int(v))
        m = _DATE_RE.match(v)
        if not m:
            raise ValueError("fromCSV: column %r: %r is not a date (yyyy-MM-dd HH:mm:ss[.SSS] "
                             "or epoch ms)" % (name, v))
        y, mo, d, h, mi, sec, frac = m.groups()
        secs = time.mktime((int(y), int(mo), int(d), int(h or 0), int(mi or 0), int(sec or 0),
                            0, 0, -1))
        return new_date(int(secs) * 1000 + int(((frac or "") + "000")[:3]))
    try:
        return coerce(v, t, name, "fromCSV")
    except TypeError as exc:
        raise ValueError("%s" % (exc,))
