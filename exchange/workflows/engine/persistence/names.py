"""Where the engine's tables live: a dedicated schema or a table prefix per datasource.

The datasource is often the plant's production database, so the engine keeps its
generically named tables (``notifications``, ``streams``, ``workflow_status`` ...)
out of its default schema: on PostgreSQL in the schema ``settings.TABLE_SCHEMA``
(default ``workflows``, upstream's), on MariaDB/MySQL and SQLite (no schemas that a
connection can use freely) under the prefix ``settings.TABLE_PREFIX`` (default
``wf_``). ``settings.TABLE_LAYOUTS`` overrides both per datasource; an empty value
keeps the tables unqualified in the default schema (the layout before this module).

Engine SQL names tables plainly; ``qualify(sql, db)`` rewrites every table name of
``TABLES`` standing as an identifier (not after ``.``/quotes, not part of a longer
word) into its qualified form. ``engine.host`` applies it to every statement it
runs except those marked ``raw`` (user SQL of the ``db.*`` steps, catalog queries
and the relayout migration), so no engine statement can miss it. Hence: never name
a column or an alias like a table (a test checks the columns). Rewrites are
cached per (qualifier, statement). The layout of a datasource is cached by name and
recomputed whenever ``migrations.ensure_schema`` runs on it (each engine start on the
datasource), so a datasource re-pointed to another database family is picked up.
May import: ``settings``, sibling persistence modules (``dialects`` lazily: it uses
``engine.host``).
"""
from __future__ import absolute_import, division, print_function

import re

from exchange.workflows import settings
from exchange.workflows.engine.persistence import schema

TABLES = tuple(schema.ALL_TABLES)
IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,40}$")
_PATTERN = re.compile(r"(?<![\w.'\"`])(%s)(?![\w'\"`])" % "|".join(sorted(TABLES, key=len,
                                                                         reverse=True)))
_MAX_CACHE = 4096
_cache = {}
_layouts = {}  # datasource name -> layout dict


def _check(value, what, db):
    if value and not IDENT.match(value):
        raise ValueError("settings.%s for datasource %r is %r: use a plain identifier "
                         "(letters, digits, underscore; not starting with a digit) or '' for "
                         "the default schema" % (what, db, value))
    return value or ""


def layout_for(db, dialect_name):
    """``{schema, prefix, qualifier}`` of datasource ``db`` on a database family."""
    over = (getattr(settings, "TABLE_LAYOUTS", None) or {}).get(db or "", {})
    if dialect_name == "postgresql":
        name = _check(over.get("schema", getattr(settings, "TABLE_SCHEMA", "workflows")),
                      "TABLE_SCHEMA", db)
        return {"schema": name or None, "prefix": "", "qualifier": name + "." if name else ""}
    prefix = _check(over.get("prefix", getattr(settings, "TABLE_PREFIX", "wf_")),
                    "TABLE_PREFIX", db)
    return {"schema": None, "prefix": prefix, "qualifier": prefix}


def layout(db):
    """The layout of ``db``: cached per datasource name (set by ``remember`` when the
    schema is ensured, else asked from the database once). ``""``/None, the project's
    default datasource, is asked every time: which database it is may change."""
    key = db or ""
    hit = _layouts.get(key) if key else None
    if hit is not None:
        return hit
    from exchange.workflows.engine.persistence import dialects
    lay = layout_for(key, dialects.detect(db)["name"])
    if key:
        _layouts[key] = lay
    return lay


def remember(db, dialect_name):
    """(Re)compute the layout of ``db`` for its family (``migrations.ensure_schema`` does,
    every time it runs: a datasource re-pointed to another database is picked up)."""
    lay = layout_for(db or "", dialect_name)
    if db:
        _layouts[db] = lay
    return lay


def forget(db=None):
    """Drop the cached layout of ``db`` (all when None): tests that re-point a datasource."""
    if db is None:
        _layouts.clear()
    else:
        _layouts.pop(db or "", None)


def table(name, db):
    """The qualified name of engine table ``name`` on ``db``."""
    if name not in TABLES:
        raise ValueError("%r is not an engine table; known: %s" % (name, ", ".join(TABLES)))
    return layout(db)["qualifier"] + name


def rewrite(sql, qualifier):
    """``sql`` with every engine table name qualified by ``qualifier`` (pure)."""
    if not qualifier:
        return sql
    key = (qualifier, sql)
    out = _cache.get(key)
    if out is None:
        out = _PATTERN.sub(lambda m: qualifier + m.group(1), sql)
        if len(_cache) >= _MAX_CACHE:
            _cache.clear()  # dynamic statements (IN lists) must not grow it forever
        _cache[key] = out
    return out


def qualify(sql, db):
    """``sql`` for datasource ``db`` (what ``engine.host`` runs)."""
    return rewrite(sql, layout(db)["qualifier"])


def describe(db):
    """One line for logs and diagnostics: where the tables of ``db`` are."""
    lay = layout(db)
    if lay["schema"]:
        return "schema %s" % lay["schema"]
    return "prefix %s" % lay["prefix"] if lay["prefix"] else "default schema"
