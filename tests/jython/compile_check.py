"""Compile many source files in one interpreter; report the ones that do not compile.

Run by the syntax gate under Jython 2.7 (one JVM for every file)::

    java -cp /usr/share/java/jython.jar org.python.util.jython tests/jython/compile_check.py LISTFILE

LISTFILE holds one path per line. Prints one line per file that fails::

    ##scenario-result## {"file": "...", "line": 12, "msg": "...", "text": "..."}

then a summary line; exit status 1 when any file failed. Nothing is written to disk
(``compile()``, not ``compileall``). Runs on CPython too. May import: the stdlib.
"""
from __future__ import absolute_import, division, print_function

import json
import re
import sys

PREFIX = "##scenario-result## "


def emit(rec):
    sys.stdout.write(PREFIX + json.dumps(rec, sort_keys=True) + "\n")


# PEP 263: a 2.7 source file with non-ASCII bytes needs a coding cookie in line 1 or 2.
# compile() of a string does not enforce it, but importing the file does, so we do.
_COOKIE = re.compile(r"^[ \t\f]*#.*?coding[:=][ \t]*[-_.a-zA-Z0-9]+")


def _undeclared_non_ascii(path, source):
    if source.startswith(b"\xef\xbb\xbf"):
        return None  # a UTF-8 BOM declares the encoding
    lines = source.split(b"\n")
    for ln in lines[:2]:
        if _COOKIE.match(ln.decode("latin-1")):
            return None
    for i, ln in enumerate(lines):
        try:
            ln.decode("ascii")
        except UnicodeDecodeError:
            return {"file": path, "line": i + 1,
                    "msg": "Non-ASCII character but no encoding declared (PEP 263): the module "
                           "does not even import on Jython 2.7; use ASCII or put "
                           "`# -*- coding: utf-8 -*-` on line 1",
                    "text": ln.decode("utf-8", "replace").rstrip()}
    return None


def check(path):
    with open(path, "rb") as f:
        source = f.read()
    problem = _undeclared_non_ascii(path, source)
    if problem is not None:
        return problem
    try:
        compile(source, path, "exec")
    except SyntaxError as e:
        return {"file": path, "line": e.lineno or 0, "msg": "%s" % (e.msg,),
                "text": (e.text or "").rstrip()}
    except:  # noqa: E722 - a compiler crash (Java exception) is a failure of that file too
        return {"file": path, "line": 0, "msg": "compiler error: %r" % (sys.exc_info()[1],),
                "text": ""}
    return None


def main(argv):
    with open(argv[0]) as f:
        paths = [ln.strip() for ln in f if ln.strip()]
    bad = 0
    for p in paths:
        rec = check(p)
        if rec is not None:
            bad += 1
            emit(rec)
    emit({"summary": {"files": len(paths), "failed": bad, "python": sys.version.split()[0],
                      "platform": "%s" % (sys.platform,)}})
    sys.stdout.flush()
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main(sys.argv[1:])
