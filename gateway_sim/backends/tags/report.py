# -*- coding: utf-8 -*-
"""``system.tag.query``: the Tag Report Tool's query over one tag provider.

``run(backend, provider, query, limit, continuation)`` returns a ``QueryResults``
(``com.inductiveautomation.ignition.common.browsing.Results``: ``getResults()``,
``getResultQuality()``, ``getReturnedSize()``, ``getTotalAvailableSize()``,
``getContinuationPoint()``, the same names as bean properties, iteration, ``len()``
and ``[i]``). Each row is dict-like: ``fullPath`` (a TagPath; ``str()`` gives
``[provider]path``) plus one key per ``returnProperties`` entry. Condition matching is
``report_match``.

Facts (manual, 8.1.19+ and 8.3; the ``ignition-api`` stubs): all four parameters are
optional; omitting the provider gives an empty Results; ``limit`` caps the rows and
sets a continuation point when more are possible; ``continuation`` resumes the query
from that point, and the gateway keeps the query, so a call may pass the continuation
without the query. ``options.includeUdtMembers`` / ``includeUdtDefinitions`` are the
Tag Report Tool's two switches.

Choices no source states (unverified):

* rows come in tree order (depth first, as written); the provider root and the
  ``_types_`` folder itself are never rows; folders are rows like any node;
* with no ``options`` UDT members are included and definitions are not;
  ``includeUdtMembers`` false drops every node inside a UDT instance or definition
  (the instance or definition itself stays); ``includeUdtDefinitions`` true adds the
  ``_types_/...`` nodes;
* a return property the tag lacks is None (a public project's note says null);
  ``value`` is the tag's QualifiedValue, ``quality`` a QualityCode, ``path`` the full
  path text, ``tagQueryOverrides`` the overridden property names joined by ``,``;
  with no ``returnProperties`` a row holds ``fullPath`` only;
* the continuation point is an opaque id (a gateway gives a tag id), kept for the
  last 1000 pages; an unknown one gives an empty Results of quality Bad_NotFound;
  a continued query starts after the last row returned (by path) when that tag
  still matches;
* an unknown provider (or one written ``[default]``) gives an empty Results of
  quality Bad_NotFound naming the configured providers; ``provider=''`` is omitted;
* a query that is not a dict raises ``TypeError``; ``query=None`` matches every tag;
  a ``limit`` of None or <= 0 means no limit, a non-integer raises ``TypeError``.

Runtime layer. May import: stdlib, ``gateway_sim`` core, tag siblings.
"""
from __future__ import absolute_import, division, print_function

import threading
import uuid

from gateway_sim._compat import integer_types, string_types
from gateway_sim.backends.tags.browse import BrowseNode, Results
from gateway_sim.backends.tags.report_match import Condition, prop_value
from gateway_sim.quality import QualityCode

QUERY_KEYS = ("options", "condition", "returnProperties")
OPTION_KEYS = ("includeUdtMembers", "includeUdtDefinitions")
_KEEP_PAGES = 1000
_store_lock = threading.Lock()


class QueryResults(Results):
    """Results of ``system.tag.query`` (``Results`` with a continuation point)."""

    def __init__(self, results, quality=QualityCode.Good, total=None, continuation=None):
        Results.__init__(self, results, quality, total)
        self._continuation = continuation

    def getContinuationPoint(self):
        return self._continuation

    continuationPoint = property(getContinuationPoint)

    def __getitem__(self, i):
        return self._results[i]

    def __repr__(self):
        return "Results(%d of %d results, %s, continuationPoint=%r)" % (
            len(self._results), self._total, self._quality, self._continuation)


def _warn(backend, line):
    try:
        backend.gateway.util.get_logger("tags.query").warn(line)
    except Exception:
        pass


def _pages(backend):
    """Stored continuation points of this gateway: id -> (provider, query, offset, last key)."""
    with _store_lock:
        pages = backend.__dict__.get("_query_pages")
        if pages is None:
            pages = backend._query_pages = {}
            backend._query_page_order = []
        return pages


def _remember(backend, provider_name, query, offset, last_key):
    pages = _pages(backend)
    token = str(uuid.uuid4())
    with _store_lock:
        pages[token] = (provider_name, query, offset, last_key)
        order = backend._query_page_order
        order.append(token)
        while len(order) > _KEEP_PAGES:
            pages.pop(order.pop(0), None)
    return token


def _check_limit(limit):
    if limit is None:
        return None
    if isinstance(limit, float) and limit == int(limit):
        limit = int(limit)
    if isinstance(limit, bool) or not isinstance(limit, integer_types):
        raise TypeError("system.tag.query limit must be an integer (or None for no limit), "
                        "got %s %r" % (type(limit).__name__, limit))
    return limit if limit > 0 else None


def _check_query(query):
    if query is None:
        return {}
    if not (hasattr(query, "keys") and hasattr(query, "get")):
        raise TypeError("system.tag.query query must be a dict such as {\"condition\": "
                        "{\"path\": \"*\", \"tagType\": \"AtomicTag\"}, \"returnProperties\": "
                        "[\"tagType\"]} (the Tag Report Tool's Copy as Script gives one), got "
                        "%s %r" % (type(query).__name__, query))
    return query


def _candidates(provider, members, definitions):
    """Nodes of ``provider`` a query may return, in tree order."""
    out = []
    stack = list(provider.root.iter_children())
    while stack:
        n = stack.pop(0)
        is_types = n.parent is provider.root and n.name.lower() == "_types_"
        if is_types and not definitions:
            continue
        if not is_types and (members or not _in_udt(n)):
            out.append(n)
        if n.is_folder:
            stack[0:0] = n.iter_children()
    return out


def _in_udt(node):
    """True for a member of a UDT instance or definition (at any depth)."""
    p = node.parent
    while p is not None:
        if p.tag_type in ("UdtInstance", "UdtType"):
            return True
        p = p.parent
    return False


def _row(backend, node, props):
    row = BrowseNode()
    row["fullPath"] = prop_value(backend, node, "fullPath")
    for p in props:
        if p != "fullPath":
            row[p] = prop_value(backend, node, p)
    return row


def run(backend, provider, query=None, limit=None, continuation=None):
    """Run one ``system.tag.query`` call (see the module docstring)."""
    limit = _check_limit(limit)
    start_offset, last_key = 0, None
    if continuation is not None and continuation != "":
        page = _pages(backend).get(str(continuation))
        if page is None:
            return QueryResults([], QualityCode.Bad_NotFound.derive(
                "continuation point %r is unknown (expired, or from another gateway); run "
                "the query again without it" % (continuation,)), 0)
        stored_provider, stored_query, start_offset, last_key = page
        if provider in (None, ""):
            provider = stored_provider
        if query is None:
            query = stored_query
    if provider is None or (isinstance(provider, string_types) and not provider.strip()):
        return QueryResults([], QualityCode.Good, 0)
    query = _check_query(query)
    prov = backend.provider(str(provider)) if isinstance(provider, string_types) else None
    if prov is None:
        hint = ""
        if isinstance(provider, string_types) and provider.strip().startswith("["):
            hint = "; pass the provider name without brackets"
        return QueryResults([], QualityCode.Bad_NotFound.derive(
            "Tag provider %r not found (configured providers: %s)%s"
            % (provider, ", ".join(backend.provider_names()), hint)), 0)
    unknown = sorted(str(k) for k in query.keys() if k not in QUERY_KEYS)
    if unknown:
        _warn(backend, "system.tag.query: query key(s) %s are ignored (known: %s)"
              % (", ".join(unknown), ", ".join(QUERY_KEYS)))
    options = query.get("options") or {}
    if not hasattr(options, "get"):
        raise TypeError("query options must be a dict like {\"includeUdtMembers\": True, "
                        "\"includeUdtDefinitions\": False}, got %r" % (options,))
    cond_spec = query.get("condition") or {}
    if not hasattr(cond_spec, "get"):
        raise TypeError("query condition must be a dict like {\"path\": \"*\"}, got %r"
                        % (cond_spec,))
    props = query.get("returnProperties") or []
    if isinstance(props, string_types) or not hasattr(props, "__iter__"):
        raise TypeError("query returnProperties must be a list of property names such as "
                        "[\"tagType\", \"quality\"], got %r" % (props,))
    props = [str(p) for p in props]
    cond = Condition(cond_spec, lambda line: _warn(backend, line))
    members = options.get("includeUdtMembers", True) is not False
    definitions = options.get("includeUdtDefinitions", False) is True
    with backend.lock:
        hits = [n for n in _candidates(prov, members, definitions) if cond.matches(backend, n)]
    start = start_offset
    if last_key is not None:
        for i, n in enumerate(hits):
            if n.key() == last_key:
                start = i + 1
                break
    total = len(hits)
    page = hits[start:] if limit is None else hits[start:start + limit]
    token = None
    if page and start + len(page) < total:
        token = _remember(backend, prov.name, query, start + len(page), page[-1].key())
    rows = [_row(backend, n, props) for n in page]
    return QueryResults(rows, QualityCode.Good, total, token)
