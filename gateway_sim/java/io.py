"""Pure-Python ``java.io`` exceptions (the ones HTTP and file code raise).

May import: ``gateway_sim.java.lang``.
"""
from __future__ import absolute_import, division, print_function

from gateway_sim.java._interfaces import Closeable  # noqa: F401
from gateway_sim.java.lang import JavaException


class IOException(JavaException):
    _java_name = "java.io.IOException"


class UncheckedIOException(JavaException):
    _java_name = "java.io.UncheckedIOException"


class FileNotFoundException(IOException):
    _java_name = "java.io.FileNotFoundException"


class InterruptedIOException(IOException):
    _java_name = "java.io.InterruptedIOException"


class UnsupportedEncodingException(IOException):
    _java_name = "java.io.UnsupportedEncodingException"
