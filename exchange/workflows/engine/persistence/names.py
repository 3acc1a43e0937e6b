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
and the relayout migration), so no engine statement can miss it. Rewrites are
cached per (qualifier, statement). The layout of a datasource is computed once per
gateway globals map (the dialect is asked from the database), so a new simulated
gateway, or a datasource re-pointed after a gateway restart, starts afresh.
May import: ``settings``, ``engine.host`` (lazily), sibling persistence modules.
"""
from __future__ import absolute_import, division, print_function

import re

from exchange.workflows import settings
from exchange.workflows.engine.persistence import schema

TABLES = tuple(schema.ALL_TABLES)
IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,40}$")
_PATTERN = re.compile(r"(?<![\w.'\"`])(%s)(?![\w'\"`])" % "|".join(sorted(TABLES, key=len,
                                                                         reverse=True)))
_GLOBALS_KEY = "exchange.workflows.tableLayouts.v1"
_MAX_CACHE = 4096
_cache = {}
_layouts = {}  # db -> (globals map it was computed for, layout dict)


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
    """The layout of ``db`` (asks the database its family on first use per gateway)."""
    from exchange.workflows.engine import host
    key = db or ""
    g = host.globals_map()
    hit = _layouts.get(key)
    if hit is not None and hit[0] is g:
        return hit[1]
    from exchange.workflows.engine.persistence import dialects
    d = dialects.detect(db)
    lay = layout_for(key, d["name"])
    _layouts[key] = (g, lay)
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
