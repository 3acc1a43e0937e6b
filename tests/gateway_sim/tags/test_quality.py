"""QualityCode / QualifiedValue: exact codes, both faces, str forms, equality."""
from __future__ import absolute_import, division, print_function

import pytest

from gateway_sim.jvm import Date
from gateway_sim.quality import CODES, QualifiedValue, QualityCode


@pytest.mark.parametrize("name,code", [
    ("Good", 192), ("Good_Unspecified", 0), ("Good_WritePending", 2), ("Good_Backfill", 203),
    ("Uncertain", 1073742080), ("Uncertain_InitialValue", 1073742082),
    ("Uncertain_IncompleteOperation", 1073742085),
    ("Bad", -2147483136), ("Bad_Stale", -2147483132), ("Bad_NotFound", -2147483129),
    ("Bad_ReadOnly", -2147483122), ("Bad_Unsupported", -2147483120),
    ("Error", -1073741056), ("Error_TypeConversion", -1073741052),
    ("Error_InvalidPathSyntax", -1073741047), ("Error_CycleDetected", -1073741044),
])
def test_exact_codes(name, code):
    qc = getattr(QualityCode, name)
    assert qc.getCode() == code and qc.code == code
    assert qc.getName() == name and str(qc) == name
    assert QualityCode.getCodeName(code) == name
    assert QualityCode(code) == qc and QualityCode(name) == qc


def test_levels_and_predicates():
    g, u, b, e = QualityCode.Good, QualityCode.Uncertain_LastKnownValue, QualityCode.Bad_Stale, QualityCode.Error_IO
    assert g.isGood() and g.good and not g.isNotGood() and not g.notGood
    assert u.isUncertain() and u.uncertain and u.isNotGood() and not u.isBadOrError()
    assert b.isBad() and b.bad and b.isBadOrError() and b.badOrError and not b.isError()
    assert e.isError() and e.error and e.isBadOrError()
    assert str(g.getLevel()) == "Good" and str(e.level) == "Error" and str(b.getLevel()) == "Bad"
    assert len(CODES) == 7 + 6 + 17 + 13


def test_diagnostic_message_and_derive():
    qc = QualityCode.Bad_NotFound.derive("Path '[p]A/B' not found.")
    assert str(qc) == 'Bad_NotFound("Path \'[p]A/B\' not found.")'
    assert qc.getDiagnosticMessage() == "Path '[p]A/B' not found."
    assert qc.diagnosticMessage == qc.getDiagnosticMessage()
    assert qc == QualityCode.Bad_NotFound            # equality ignores the message
    assert QualityCode.Good.getDiagnosticMessage() is None
    assert getattr(qc, "is")(QualityCode.Bad_NotFound)
    assert not getattr(qc, "is")(QualityCode.Good)


def test_quality_code_immutable_and_bad_input():
    with pytest.raises(AttributeError):
        QualityCode.Good.foo = 1
    with pytest.raises(ValueError):
        QualityCode("NoSuchName")
    with pytest.raises(TypeError):
        QualityCode(1.5)


def test_qualified_value_faces_and_equality():
    ts = Date(1764072000000)
    qv = QualifiedValue(42, QualityCode.Good, ts)
    assert qv.value == 42 and qv.getValue() == 42
    assert qv.quality is QualityCode.Good and qv.getQuality() == QualityCode.Good
    assert qv.timestamp == ts and qv.getTimestamp() == ts
    assert qv != 42 and not (qv == 42)      # comparing to a plain value is False
    assert qv == QualifiedValue(42, QualityCode.Good, Date(1764072000000))
    assert qv != QualifiedValue(43, QualityCode.Good, ts)
    assert str(qv).startswith("[42, Good, ") and str(qv).endswith("]")
    assert str(QualifiedValue(None, QualityCode.Bad_Stale, ts)).startswith("[null, Bad_Stale, ")
    assert str(QualifiedValue(True, QualityCode.Good, ts)).startswith("[true, Good")
