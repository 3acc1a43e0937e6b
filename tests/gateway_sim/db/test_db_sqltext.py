"""Placeholder scanning and translation per dialect."""
from __future__ import absolute_import, division, print_function

from gateway_sim.backends.database.sqltext import (count_qmarks, first_keyword, named_to_qmark,
                                                    qmark_to_format, splice_query_strings)


def test_qmarks_outside_literals_only():
    sql = "SELECT '?', \"a?\", ? /* ? */ -- ?\n, ?"
    assert qmark_to_format(sql, "postgresql") == "SELECT '?', \"a?\", %s /* ? */ -- ?\n, %s"
    assert count_qmarks(sql, "sqlite") == 2


def test_percent_doubled_everywhere():
    assert qmark_to_format("SELECT '%' || ?, 5 % 2", "postgresql") == "SELECT '%%' || %s, 5 %% 2"


def test_postgres_quoting():
    assert qmark_to_format("SELECT $$?$$, $t$ ? $t$, ?", "postgresql") == \
        "SELECT $$?$$, $t$ ? $t$, %s"
    assert qmark_to_format(r"SELECT E'\'?', ?", "postgresql") == r"SELECT E'\'?', %s"
    assert qmark_to_format("SELECT '{}'::jsonb ?? 'a', ?", "postgresql") == \
        "SELECT '{}'::jsonb ? 'a', %s"
    assert qmark_to_format("SELECT $1", "postgresql") == "SELECT $1"


def test_mysql_quoting():
    assert qmark_to_format(r'''SELECT 'it\'s ?', `c?`, "?", ?''', "mysql") == \
        r'''SELECT 'it\'s ?', `c?`, "?", %s'''
    assert qmark_to_format("SELECT 1 # ?\n, ?", "mysql") == "SELECT 1 # ?\n, %s"


def test_named_parameters():
    sql, names = named_to_qmark("SELECT a::int, ':x' FROM t WHERE a = :a AND b = :b_2 OR c = :a",
                                "postgresql")
    assert sql == "SELECT a::int, ':x' FROM t WHERE a = ? AND b = ? OR c = ?"
    assert names == ["a", "b_2", "a"]


def test_splice_and_keyword():
    assert splice_query_strings("SELECT * FROM {t} ORDER BY {c}", {"t": "x", "c": "y"}) == \
        "SELECT * FROM x ORDER BY y"
    assert first_keyword("  /* hi */ insert into t values (1)") == "INSERT"
    assert first_keyword("-- c\n(SELECT 1)") == "SELECT"
