"""Pure-Python ``java.util`` for CPython: ``UUID``, ``Date``, collections, ``Timer`` /
``TimerTask``, ``Base64``.

Collections are thin, lock-protected wrappers that answer Java's method names
and Python's protocols (``len``, iteration, indexing), as Jython's do.
May import: the standard library and ``gateway_sim.java``.
"""
from __future__ import absolute_import, division, print_function

from gateway_sim.java.util._date import UUID, Date  # noqa: F401
from gateway_sim.java.util._collections import (  # noqa: F401
    ArrayList, Arrays, Collections, HashMap, HashSet, LinkedHashMap, LinkedList, List, Map,
    NoSuchElementException, Optional, Set, TreeMap, ConcurrentModificationException)
from gateway_sim.java.util._misc import Random, Objects, TimeZone, Locale  # noqa: F401
from gateway_sim.java.util._timer import Timer, TimerTask  # noqa: F401
from gateway_sim.java.util._base64 import Base64  # noqa: F401
from gateway_sim.java.util._calendar import Calendar, GregorianCalendar  # noqa: F401
from gateway_sim.java._interfaces import Comparator, EventListener, Iterator  # noqa: F401
