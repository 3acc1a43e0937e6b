"""Interpreter facts the engine and simulator rely on, checked on each interpreter.

On Jython these are the real Java classes; on CPython the simulator's stand-ins must
behave the same way (above all: ``except Exception`` does not catch a Java exception).
"""
from __future__ import absolute_import, division, print_function

import sys
import unittest

from . import support


class JavaExceptionsAtBoundaries(unittest.TestCase):

    def _raise_and_catch_with_exception(self, exc):
        # On Jython a Java exception is not even a BaseException: only a bare
        # `except` (or naming java.lang.Throwable) sees it.
        try:
            try:
                raise exc
            except Exception:
                return "caught by except Exception"
        except:  # noqa: E722 - what got past `except Exception`
            return sys.exc_info()[1]

    def test_java_exception_escapes_except_exception(self):
        from gateway_sim.jvm import IllegalStateException
        got = self._raise_and_catch_with_exception(IllegalStateException("boom"))
        self.assertIsInstance(got, IllegalStateException)

    def test_sql_exception_escapes_except_exception(self):
        from gateway_sim.jvm import SQLException
        got = self._raise_and_catch_with_exception(SQLException("bad query"))
        self.assertIsInstance(got, SQLException)

    def test_compat_catchable_catches_python_and_java(self):
        from exchange.workflows import compat
        from gateway_sim.jvm import IllegalStateException
        for exc in (ValueError("py"), IllegalStateException("java")):
            try:
                raise exc
            except compat.CATCHABLE as caught:
                self.assertIs(caught, exc)

    def test_compat_describes_java_exception(self):
        from exchange.workflows import compat
        from gateway_sim.jvm import IllegalStateException
        try:
            raise IllegalStateException("state is wrong")
        except compat.CATCHABLE as e:
            self.assertTrue(compat.is_java_exception(e))
            text = compat.exception_text(e)
        self.assertIn("IllegalStateException", text)
        self.assertIn("state is wrong", text)

    def test_interpreter_is_what_the_leg_claims(self):
        self.assertEqual(support.IS_JYTHON, sys.platform.startswith("java"))
        if support.IS_JYTHON:
            self.assertEqual(sys.version_info[:2], (2, 7))
