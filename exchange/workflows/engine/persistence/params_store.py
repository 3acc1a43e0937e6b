"""SQL of ``api.params``: versioned rows of ``param_templates`` and ``param_enums``.

Both tables hold append-only versions keyed by (name, version). A new version is
``MAX(version) + 1`` inserted in its own transaction; two writers that pick the same
number collide on the primary key, and the loser re-reads and tries the next one
(``insert_next_version``). This also covers the very first version, which upstream
could not lock (its lock needed an existing row). Values are returned as plain
dicts with text/int values; JSON columns are returned as text (decoded by the API).
May import: ``compat``, ``engine.host``, sibling persistence modules.
"""
from __future__ import absolute_import, division, print_function

from exchange.workflows import compat
from exchange.workflows.engine import host
from exchange.workflows.engine.persistence import tx as txm

ATTEMPTS = 8  # concurrent creators of the same name; each round one of them wins

_TEMPLATE_COLS = ("workflow_name, template_name, template_version, schema_json, status, "
                  "description, created_by, created_at")
_ENUM_COLS = "enum_name, enum_version, values_json, status, description, created_by, created_at"


def _int(v):
    return None if v is None else int(v)


def _template(r):
    return {"workflow_name": compat.to_text(r["workflow_name"]),
            "template_name": compat.to_text(r["template_name"]),
            "template_version": _int(r["template_version"]),
            "schema_json": r["schema_json"], "status": compat.to_text(r["status"]),
            "description": r["description"], "created_by": r["created_by"],
            "created_at": _int(r["created_at"])}


def _enum(r):
    return {"enum_name": compat.to_text(r["enum_name"]), "enum_version": _int(r["enum_version"]),
            "values_json": r["values_json"], "status": compat.to_text(r["status"]),
            "description": r["description"], "created_by": r["created_by"],
            "created_at": _int(r["created_at"])}


# --- templates -------------------------------------------------------------------
def list_templates(db, workflow_name, status=None):
    """Every version of the workflow's templates: template name, then version descending."""
    sql = "SELECT %s FROM param_templates WHERE workflow_name = ?" % _TEMPLATE_COLS
    args = [workflow_name]
    if status is not None:
        sql += " AND status = ?"
        args.append(status)
    sql += " ORDER BY template_name, template_version DESC"
    return [_template(r) for r in host.db_query(sql, args, db)]


def get_template(db, workflow_name, template_name, version=None, status=None):
    """One version (the highest matching ``status`` when ``version`` is None) or None."""
    sql = "SELECT %s FROM param_templates WHERE workflow_name = ? AND template_name = ?" \
        % _TEMPLATE_COLS
    args = [workflow_name, template_name]
    if version is not None:
        sql += " AND template_version = ?"
        args.append(int(version))
    if status is not None:
        sql += " AND status = ?"
        args.append(status)
    rows = host.db_query(sql + " ORDER BY template_version DESC LIMIT 1", args, db)
    return _template(rows[0]) if rows else None


def insert_template_version(db, workflow_name, template_name, schema_json, status,
                            description, created_by, now_ms):
    """Insert the next version; returns its number."""
    def latest(tx):
        return host.db_scalar("SELECT MAX(template_version) AS v FROM param_templates "
                              "WHERE workflow_name = ? AND template_name = ?",
                              [workflow_name, template_name], db, tx)

    def insert(tx, version):
        host.db_update("INSERT INTO param_templates (%s) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                       % _TEMPLATE_COLS, [workflow_name, template_name, version, schema_json,
                                          status, description, created_by, now_ms], db, tx)

    def exists(version):
        return get_template(db, workflow_name, template_name, version) is not None
    return insert_next_version(db, latest, insert, exists)


def set_template_status(db, workflow_name, template_name, version, status):
    return int(host.db_update(
        "UPDATE param_templates SET status = ? WHERE workflow_name = ? AND template_name = ? "
        "AND template_version = ?", [status, workflow_name, template_name, int(version)], db) or 0)


def delete_templates(db, workflow_name, template_name, version=None):
    sql = "DELETE FROM param_templates WHERE workflow_name = ? AND template_name = ?"
    args = [workflow_name, template_name]
    if version is not None:
        sql += " AND template_version = ?"
        args.append(int(version))
    return int(host.db_update(sql, args, db) or 0)


# --- enums -------------------------------------------------------------------------
def list_enums(db, status=None):
    sql = "SELECT %s FROM param_enums" % _ENUM_COLS
    args = []
    if status is not None:
        sql += " WHERE status = ?"
        args.append(status)
    sql += " ORDER BY enum_name, enum_version DESC"
    return [_enum(r) for r in host.db_query(sql, args, db)]


def get_enum(db, enum_name, version=None, status=None):
    sql = "SELECT %s FROM param_enums WHERE enum_name = ?" % _ENUM_COLS
    args = [enum_name]
    if version is not None:
        sql += " AND enum_version = ?"
        args.append(int(version))
    if status is not None:
        sql += " AND status = ?"
        args.append(status)
    rows = host.db_query(sql + " ORDER BY enum_version DESC LIMIT 1", args, db)
    return _enum(rows[0]) if rows else None


def insert_enum_version(db, enum_name, values_json, status, description, created_by, now_ms):
    def latest(tx):
        return host.db_scalar("SELECT MAX(enum_version) AS v FROM param_enums WHERE enum_name = ?",
                              [enum_name], db, tx)

    def insert(tx, version):
        host.db_update("INSERT INTO param_enums (%s) VALUES (?, ?, ?, ?, ?, ?, ?)" % _ENUM_COLS,
                       [enum_name, version, values_json, status, description, created_by, now_ms],
                       db, tx)

    def exists(version):
        return get_enum(db, enum_name, version) is not None
    return insert_next_version(db, latest, insert, exists)


def set_enum_status(db, enum_name, version, status):
    return int(host.db_update("UPDATE param_enums SET status = ? WHERE enum_name = ? AND "
                              "enum_version = ?", [status, enum_name, int(version)], db) or 0)


def delete_enums(db, enum_name, version=None):
    sql = "DELETE FROM param_enums WHERE enum_name = ?"
    args = [enum_name]
    if version is not None:
        sql += " AND enum_version = ?"
        args.append(int(version))
    return int(host.db_update(sql, args, db) or 0)


# --- shared --------------------------------------------------------------------------
def insert_next_version(db, latest, insert, exists):
    """``insert(tx, MAX+1)`` in a transaction, retried when a racing writer took the number."""
    last_exc = None
    for _ in range(ATTEMPTS):
        chosen = []

        def attempt(tx):
            v = latest(tx)
            chosen.append(int(v or 0) + 1)
            insert(tx, chosen[-1])
            return chosen[-1]
        try:
            return txm.in_tx(db, attempt)
        except compat.CATCHABLE as exc:
            last_exc = exc
            if not chosen or not exists(chosen[-1]):
                raise  # not a lost race on the version number: a real error
    raise last_exc
