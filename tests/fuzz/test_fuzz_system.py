"""Fuzz: the ``system.*`` shims with arbitrary paths, values and SQL.

Every call returns an Ignition-like result or raises what Ignition raises (judged by
``fuzz_checks.problem``: a Java-style exception with only driver errors in its cause chain,
or an argument error from the simulator's own checks). Anything else (AttributeError,
KeyError, a raw ``sqlite3`` error, ``TypeError: unhashable type`` from deep inside...) is a
simulator crash. After each example the gateway must still answer a plain tag read and a
plain query.
"""
from __future__ import absolute_import, division, print_function

import pytest
from hypothesis import given, strategies as st

from fuzz_checks import attempt
from fuzz_settings import FUZZ

pytestmark = pytest.mark.slow

TAGS = ["[default]Fuzz/Int", "[default]Fuzz/Text", "[default]Fuzz/Float", "[default]Fuzz/Bool",
        "[default]Fuzz", "[default]", "Fuzz/Int", "[System]Gateway/SystemName", "[nope]x"]
paths = st.one_of(st.sampled_from(TAGS), st.text(max_size=40),
                  st.builds(lambda a, b: a + b, st.sampled_from(TAGS), st.text(max_size=10)))
values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.integers(-2 ** 70, 2 ** 70),
              st.floats(), st.text(max_size=30)),
    lambda inner: st.one_of(st.lists(inner, max_size=3),
                            st.dictionaries(st.text(max_size=5), inner, max_size=3)),
    max_leaves=6)
SQL_PARTS = ["SELECT", "*", "id", "name", "v", "FROM", "fuzz_t", "WHERE", "=", "?", "AND", "OR",
             "(", ")", ",", "COUNT(*)", "ORDER BY", "LIMIT", "1", "'x'", "NULL", "INSERT INTO",
             "fuzz_t (name, v)", "VALUES", "(?, ?)", "UPDATE", "SET", "name = ?", "DELETE", "nope",
             ";", "--", "/*", "\"", "'", "\x00", "\u00e9"]
sql = st.one_of(st.text(max_size=60),
                st.lists(st.sampled_from(SQL_PARTS), min_size=1, max_size=12).map(" ".join))
args = st.one_of(st.lists(values, max_size=4), values)


@pytest.fixture(scope="module")
def system(sim_gateway):
    import system as s
    return s


def healthy(system):
    qv = system.tag.readBlocking(["[default]Fuzz/Int"])[0]
    assert qv.quality.isGood(), qv
    assert system.db.runScalarQuery("SELECT COUNT(*) FROM fuzz_t") >= 1


@FUZZ
@given(ps=st.lists(paths, max_size=6))
def test_tag_read_never_raises_for_text_paths(system, ps):
    out = system.tag.readBlocking(ps)
    assert len(out) == len(ps)
    for qv in out:
        assert hasattr(qv, "value") and qv.quality is not None
    healthy(system)


@FUZZ
@given(pv=st.lists(st.tuples(paths, values), max_size=5))
def test_tag_write_arbitrary_values(system, pv):
    ps = [p for p, _ in pv]
    vs = [v for _, v in pv]
    out = attempt(system.tag.writeBlocking, ps, vs)
    if isinstance(out, list):
        assert len(out) == len(ps)
    healthy(system)
    system.tag.writeBlocking(["[default]Fuzz/Int"], [1])


@FUZZ
@given(p=paths, junk=values)
def test_tag_misc_functions(system, p, junk):
    r = attempt(system.tag.exists, p)
    assert isinstance(r, (bool, Exception, BaseException))
    attempt(system.tag.browse, p)
    attempt(system.tag.getConfiguration, p, False)
    attempt(system.tag.readBlocking, junk)
    attempt(system.tag.writeBlocking, junk, junk)
    healthy(system)


@FUZZ
@given(q=sql, a=args)
def test_db_arbitrary_sql(system, q, a):
    attempt(system.db.runPrepQuery, q, a)
    attempt(system.db.runScalarPrepQuery, q, a)
    attempt(system.db.runQuery, q)
    if "DELETE" not in q and "UPDATE" not in q:
        attempt(system.db.runPrepUpdate, q, a)
    healthy(system)


@FUZZ
@given(db=st.one_of(st.none(), st.text(max_size=12)), tx=st.one_of(st.none(), st.text(max_size=12)),
       iso=st.one_of(st.none(), st.integers(-3, 20)), timeout=st.one_of(st.none(), st.integers()))
def test_db_transactions_arbitrary(system, db, tx, iso, timeout):
    t = attempt(system.db.beginTransaction, db, iso, timeout)
    if not isinstance(t, BaseException):
        attempt(system.db.runPrepUpdate, "INSERT INTO fuzz_t (name, v) VALUES (?, ?)", ["t", 2.0],
                db, t)
        attempt(system.db.rollbackTransaction, t)
        attempt(system.db.closeTransaction, t)
    attempt(system.db.commitTransaction, tx)
    attempt(system.db.closeTransaction, tx)
    attempt(system.db.runPrepQuery, "SELECT 1", [], db, tx)
    healthy(system)


json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-2 ** 53, 2 ** 53),
              st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=30)),
    lambda inner: st.one_of(st.lists(inner, max_size=3),
                            st.dictionaries(st.text(max_size=5), inner, max_size=3)),
    max_leaves=6)


def _same_json(a, b):
    """JSON equality: a list and a tuple are one array, 1 and 1.0 one number."""
    if isinstance(a, dict) and isinstance(b, dict):
        return sorted(a) == sorted(b) and all(_same_json(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)) and isinstance(b, (list, tuple)):
        return len(a) == len(b) and all(_same_json(x, y) for x, y in zip(a, b))
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b or (a == b and type(a) is type(b))
    return a == b


@FUZZ
@given(v=json_values, junk=values, text=st.text(max_size=40))
def test_util_json_round_trip(system, v, junk, text):
    enc = system.util.jsonEncode(v)
    assert _same_json(system.util.jsonDecode(enc), v), (v, enc)
    enc = attempt(system.util.jsonEncode, junk)
    if isinstance(enc, str):
        attempt(system.util.jsonDecode, enc)
    attempt(system.util.jsonDecode, text)


@FUZZ
@given(ms=st.integers(-2 ** 62, 2 ** 62), n=st.integers(-10 ** 6, 10 ** 6), fmt=st.text(max_size=20))
def test_date_functions(system, ms, n, fmt):
    d = system.date.fromMillis(ms)
    assert system.date.toMillis(d) == ms
    later = attempt(system.date.addDays, d, n)
    if not isinstance(later, BaseException) and abs(ms) < 2 ** 52:
        back = system.date.addDays(later, -n)
        # Wall-clock arithmetic: the same local time n days later, then back again (a DST gap
        # on either side may move it by the gap, never by more than an hour).
        assert abs(system.date.toMillis(back) - ms) <= 3600 * 1000
    attempt(system.date.format, d, fmt)


@FUZZ
@given(headers=st.lists(st.text(max_size=8), max_size=4),
       rows=st.lists(st.lists(values, max_size=4), max_size=4), junk=values)
def test_dataset_functions(system, headers, rows, junk):
    ds = attempt(system.dataset.toDataSet, headers, rows)
    if not isinstance(ds, BaseException):
        assert ds.getRowCount() == len(rows) and ds.getColumnCount() == len(headers)
        assert list(ds.getColumnNames()) == list(headers)
        py = system.dataset.toPyDataSet(ds)
        assert py.getRowCount() == len(rows)
        for r, row in enumerate(rows):
            for c in range(len(headers)):
                assert py.getValueAt(r, c) is ds.getValueAt(r, c)
        attempt(system.dataset.toCSV, ds)
        grown = attempt(system.dataset.addRow, ds, junk)
        if not isinstance(grown, BaseException):
            assert grown.getRowCount() == len(rows) + 1 and ds.getRowCount() == len(rows)
        attempt(system.dataset.deleteRow, ds, junk)
    attempt(system.dataset.toDataSet, junk, junk)
