"""SQL text handling: find placeholders outside literals, translate them per driver.

Scripts write JDBC-style ``?`` placeholders. sqlite3 takes them as they are;
psycopg and pymysql want ``%s`` (and every literal ``%`` doubled). A ``?`` or
``%`` inside a string literal, quoted identifier or comment is text, not a
placeholder, so the SQL is scanned with each dialect's quoting rules first.
Named queries write ``:name`` value parameters (bound as ``?``) and
``{name}`` QueryString parameters (spliced as text). May import: the standard
library and ``gateway_sim._compat``.
"""
from __future__ import absolute_import, division, print_function

import re
import threading

_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_DOLLAR_TAG = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)?\$")


def segments(sql, dialect):
    """Split ``sql`` into ``(is_code, text)`` pieces; literals/comments are not code.

    ``dialect`` is "sqlite", "postgresql" or "mysql" (quoting rules differ:
    MySQL strings take backslash escapes and ``"`` quotes strings; PostgreSQL
    has ``E'...'`` and dollar quoting).
    """
    out = []
    n = len(sql)
    i = 0
    start = 0
    while i < n:
        ch = sql[i]
        end = None
        if ch == "'":
            backslash = dialect == "mysql" or (
                dialect == "postgresql" and i > 0 and sql[i - 1] in "eE"
                and (i == 1 or not (sql[i - 2].isalnum() or sql[i - 2] == "_")))
            end = _quoted_end(sql, i, "'", backslash)
        elif ch == '"':
            end = _quoted_end(sql, i, '"', dialect == "mysql")
        elif ch == "`" and dialect in ("mysql", "sqlite"):
            end = _quoted_end(sql, i, "`", False)
        elif ch == "[" and dialect == "sqlite":
            j = sql.find("]", i + 1)
            end = n if j < 0 else j + 1
        elif ch == "-" and sql.startswith("--", i):
            j = sql.find("\n", i)
            end = n if j < 0 else j + 1
        elif ch == "#" and dialect == "mysql":
            j = sql.find("\n", i)
            end = n if j < 0 else j + 1
        elif ch == "/" and sql.startswith("/*", i):
            j = sql.find("*/", i + 2)
            end = n if j < 0 else j + 2
        elif ch == "$" and dialect == "postgresql":
            m = _DOLLAR_TAG.match(sql, i)
            if m and not (i > 0 and (sql[i - 1].isalnum() or sql[i - 1] == "_")):
                tag = m.group(0)
                j = sql.find(tag, m.end())
                end = n if j < 0 else j + len(tag)
        if end is None:
            i += 1
            continue
        if i > start:
            out.append((True, sql[start:i]))
        out.append((False, sql[i:end]))
        i = start = end
    if start < n:
        out.append((True, sql[start:]))
    return out


def _quoted_end(sql, i, quote, backslash):
    n = len(sql)
    j = i + 1
    while j < n:
        c = sql[j]
        if backslash and c == "\\":
            j += 2
            continue
        if c == quote:
            if j + 1 < n and sql[j + 1] == quote:  # doubled quote = escaped quote
                j += 2
                continue
            return j + 1
        j += 1
    return n  # unterminated: let the database report it


def count_qmarks(sql, dialect):
    """How many ``?`` placeholders ``sql`` has outside literals and comments."""
    total = 0
    for is_code, text in segments(sql, dialect):
        if is_code:
            total += text.count("?") - 2 * text.count("??")
    return total


def qmark_to_format(sql, dialect):
    """``?`` -> ``%s`` and ``%`` -> ``%%`` for pyformat drivers; ``??`` -> a literal ``?``
    (PostgreSQL's JSON operators, written ``??`` as with the PostgreSQL JDBC driver)."""
    parts = []
    for is_code, text in segments(sql, dialect):
        text = text.replace("%", "%%")
        if is_code and "?" in text:
            text = text.replace("??", "\0").replace("?", "%s").replace("\0", "?")
        parts.append(text)
    return "".join(parts)


class TranslationCache(object):
    """Memoizes a translation function per SQL string (queries repeat a lot)."""

    def __init__(self, fn, limit=2000):
        self._fn = fn
        self._limit = limit
        self._data = {}
        self._lock = threading.Lock()

    def __call__(self, sql):
        try:
            return self._data[sql]
        except KeyError:
            pass
        result = self._fn(sql)
        with self._lock:
            if len(self._data) >= self._limit:
                self._data.clear()
            self._data[sql] = result
        return result


def named_to_qmark(sql, dialect):
    """``:name`` value parameters -> ``?``; returns ``(sql, [names in order])``.

    ``::`` (PostgreSQL casts) and ``:=`` are left alone, as are literals.
    """
    names = []
    parts = []
    for is_code, text in segments(sql, dialect):
        if not is_code or ":" not in text:
            parts.append(text)
            continue
        buf = []
        i = 0
        n = len(text)
        while i < n:
            c = text[i]
            if c == ":":
                if i + 1 < n and text[i + 1] in ":=":
                    buf.append(text[i:i + 2])
                    i += 2
                    continue
                if i > 0 and text[i - 1] == ":":
                    buf.append(c)
                    i += 1
                    continue
                m = _IDENT.match(text, i + 1)
                if m:
                    names.append(m.group(0))
                    buf.append("?")
                    i = m.end()
                    continue
            buf.append(c)
            i += 1
        parts.append("".join(buf))
    return "".join(parts), names


def splice_query_strings(sql, values):
    """Replace each ``{name}`` with the text of ``values[name]`` (QueryString parameters)."""
    for name, value in values.items():
        sql = sql.replace("{%s}" % name, "" if value is None else "%s" % (value,))
    return sql


def first_keyword(sql):
    """The statement's first keyword, upper-cased (skips comments and parentheses)."""
    for is_code, text in segments(sql, "sqlite"):
        if not is_code:
            continue
        m = re.search(r"[A-Za-z]+", text)
        if m:
            return m.group(0).upper()
    return ""
