"""Pure-Python ``java.net.http`` exceptions raised by ``system.net.httpClient``.

May import: ``gateway_sim.java``.
"""
from __future__ import absolute_import, division, print_function

from gateway_sim.java.io import IOException


class HttpTimeoutException(IOException):
    _java_name = "java.net.http.HttpTimeoutException"


class HttpConnectTimeoutException(HttpTimeoutException):
    _java_name = "java.net.http.HttpConnectTimeoutException"
