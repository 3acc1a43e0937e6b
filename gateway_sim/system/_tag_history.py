"""``system.tag`` history functions: queryTagHistory, queryTagCalculations,
storeTagHistory, browseHistoricalTags (state in ``gw.tags.history``, see
``gateway_sim.backends.tags.history``).

Paths: ``[provider]Folder/Tag``, ``Folder/Tag`` (the default tag provider) or a
historical path ``histprov:DB:/drv:gateway:default:/tag:Folder/Tag`` (also
``/prov:default``). Dates: ``java.util.Date``, ``datetime`` or epoch milliseconds.
Range: ``endDate`` defaults to now (the gateway clock); ``startDate`` to ``endDate``
minus ``rangeHours/Minutes/Seconds``, else minus 8 hours (the manual's default).

Values between points hold until the next point (step, no linear interpolation).
``returnSize`` -1 (and 0, "natural": unverified, there are no scan-class rates here)
returns the points as stored: Wide has one row per distinct timestamp of any path,
each cell the path's value in effect then. ``returnSize`` N > 0 (or an interval)
splits ``[start, end)`` into N equal windows, one row each at the window start.
Per window: Average is time-weighted over the window (the value in effect at its
start counts from the start); SimpleAverage, Sum, Count, Minimum, Maximum, Range,
Variance (population), StdDev use the points inside the window plus the value in
effect at its start; LastValue is the last of those; MinMax gives two rows (minimum
then maximum); DurationOn/DurationOff are seconds truthy/falsy; CountOn/CountOff
count changes to truthy/falsy inside the window; PctGood/PctBad are the
time-weighted share (0-100) of good/bad quality. Bad-quality points are left out
of value aggregates. ``noInterpolation`` gives None for windows without a point.

Unverified (no real gateway at hand): Tall's column names (``path, value, quality,
timestamp``) with the quality as its int code; queryTagCalculations' first column
``path``; the browse result shape (a flat list of history-enabled tags, each node with
``name``, ``fullPath`` (histprov path), ``tagPath``, ``hasChildren`` False);
storeTagHistory returning None.
May import: ``gateway_sim`` core (runtime, quality, registry, jvm, dataset, backends.tags).
"""
from __future__ import absolute_import, division, print_function

import datetime
import fnmatch
import math

from gateway_sim import runtime
from gateway_sim._compat import string_types
from gateway_sim.backends.tags.history import tag_key
from gateway_sim.dataset import BasicDataset
from gateway_sim.jvm import Date
from gateway_sim.quality import QualityCode, quality_of
from gateway_sim.registry import implements

AGGREGATES = ("Average", "MinMax", "LastValue", "SimpleAverage", "Sum", "Minimum", "Maximum",
              "DurationOn", "DurationOff", "CountOn", "CountOff", "Count", "Range", "Variance",
              "StdDev", "PctGood", "PctBad")
_AGG = dict((a.lower(), a) for a in AGGREGATES)
DEFAULT_RANGE_MS = 8 * 3600 * 1000


def _tags():
    return runtime.current().tags


# --- argument checks ---------------------------------------------------------------
def _paths(paths, what="paths"):
    if isinstance(paths, string_types):
        return [paths]
    if paths is None or not hasattr(paths, "__iter__"):
        raise TypeError("%s must be a list of tag paths, got %r" % (what, paths))
    out = [str(p) if hasattr(p, "toStringFull") else p for p in paths]
    for p in out:
        if not isinstance(p, string_types) or not p.strip():
            raise TypeError("%s must hold tag path strings, got %r" % (what, p))
    if not out:
        raise ValueError("%s is empty: pass at least one tag path" % what)
    return out


def _ms(d, what):
    if d is None:
        return None
    if isinstance(d, Date) or hasattr(d, "getTime"):
        return int(d.getTime())
    if isinstance(d, datetime.datetime):
        if d.tzinfo is None:
            import time
            return int(time.mktime(d.timetuple()) * 1000 + d.microsecond // 1000)
        epoch = datetime.datetime(1970, 1, 1, tzinfo=d.tzinfo)
        return int((d - epoch).total_seconds() * 1000)
    if isinstance(d, (int, float)) and not isinstance(d, bool):
        return int(d)
    raise TypeError("%s must be a java.util.Date (e.g. system.date.now()), got %r"
                    % (what, d))


def _number(v, what):
    if v is None:
        return 0
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise TypeError("%s must be a number, got %r" % (what, v))
    if v < 0:
        raise ValueError("%s must not be negative, got %r" % (what, v))
    return v


def _range(startDate, endDate, hours, minutes, seconds):
    end = _ms(endDate, "endDate")
    start = _ms(startDate, "startDate")
    span = (_number(hours, "rangeHours") * 3600 + _number(minutes, "rangeMinutes") * 60
            + _number(seconds, "rangeSeconds")) * 1000
    if end is None:
        end = _tags().clock.now_ms() if start is None or not span else start + int(span)
    if start is None:
        start = end - (int(span) if span else DEFAULT_RANGE_MS)
    if end < start:
        raise ValueError("endDate (%s) is before startDate (%s): swap them"
                         % (Date(end), Date(start)))
    return start, end


def _aggregate(name, what="aggregationMode"):
    a = _AGG.get(str(name).lower()) if isinstance(name, string_types) else None
    if a is None:
        raise ValueError("unknown %s %r: use one of %s" % (what, name, ", ".join(AGGREGATES)))
    return a


# --- path resolution ---------------------------------------------------------------
def parse_path(path):
    """``(history provider or None, tag provider, relative tag path)`` of a query path
    (a tag path, or a historical ``histprov:...`` path; ``/sys:`` parts are ignored)."""
    text = path.strip()
    tags = _tags()
    if text.lower().startswith("histprov:"):
        hist, prov, tag = None, None, None
        for part in text.split(":/"):
            kind, _, rest = part.partition(":")
            kind = kind.lower()
            if kind == "histprov":
                hist = rest
            elif kind == "drv":
                prov = rest.split(":")[-1]
            elif kind == "prov":
                prov = rest
            elif kind == "tag":
                tag = rest
        if not hist or tag is None:
            raise ValueError("historical path %r needs 'histprov:NAME' and '/tag:PATH' parts, "
                             "e.g. 'histprov:DB:/drv:gw:default:/tag:Folder/Tag'" % path)
        return hist, prov or tags.default_name, tag.strip("/")
    if text.startswith("["):
        prov, sep, rest = text[1:].partition("]")
        if not sep:
            raise ValueError("tag path %r has no closing ']' after the provider name" % path)
        prov = prov or tags.default_name
    else:
        prov, rest = tags.default_name, text
    return None, prov, rest.strip("/")


def _resolve(path):
    """``(history provider or None, tag key, display path)`` of a query path."""
    hist, prov, rel = parse_path(path)
    return hist, tag_key(prov, rel), "[%s]%s" % (prov, rel)


def _points(path, ignore_bad):
    hist, key, _ = _resolve(path)
    pts, _ = _tags().history.find(key, hist)
    pts = pts or []
    if ignore_bad:
        pts = [p for p in pts if p[2].isGood()]
    return pts


# --- aggregation over one window -----------------------------------------------------
def _num(v):
    if isinstance(v, bool):
        return 1.0 if v else 0.0
    if isinstance(v, (int, float)):
        return float(v)
    return None


def _in_effect(pts, t):
    """The last point at or before ``t`` (or None)."""
    prev = None
    for p in pts:
        if p[0] > t:
            break
        prev = p
    return prev


def _window(pts, a, b, agg, no_interp):
    """Value of aggregate ``agg`` over ``[a, b)`` (``MinMax`` gives a (min, max) pair)."""
    inside = [p for p in pts if a <= p[0] < b]
    if no_interp and not inside:
        return (None, None) if agg == "MinMax" else None
    seed = _in_effect(pts, a)
    samples = ([(a, seed[1], seed[2])] if seed is not None and seed[0] < a else []) + inside
    # time segments [t_i, t_{i+1}) with value/quality of sample i
    segs = []
    for i, p in enumerate(samples):
        end = samples[i + 1][0] if i + 1 < len(samples) else b
        if end > p[0]:
            segs.append((end - p[0], p[1], p[2]))
    if agg in ("PctGood", "PctBad"):
        total = float(b - a)
        good = sum(d for d, _, q in segs if q.isGood())
        if not total:
            return None
        share = 100.0 * good / total
        return share if agg == "PctGood" else 100.0 - share
    if agg in ("DurationOn", "DurationOff"):
        on = agg == "DurationOn"
        return sum(d for d, v, q in segs if q.isGood() and bool(v) == on) / 1000.0
    if agg in ("CountOn", "CountOff"):
        on = agg == "CountOn"
        prev = seed[1] if seed is not None and seed[0] < a else None
        n = 0
        for _, v, q in inside:
            if q.isGood() and bool(v) == on and (prev is None or bool(prev) != on):
                n += 1
            prev = v
        return n
    if agg == "Count":
        return len(inside)
    good_samples = [p for p in samples if p[2].isGood()]
    if agg == "LastValue":
        return good_samples[-1][1] if good_samples else None
    nums = [_num(p[1]) for p in good_samples if _num(p[1]) is not None]
    if agg == "Average":
        w = [(d, _num(v)) for d, v, q in segs if q.isGood() and _num(v) is not None]
        tw = sum(d for d, _ in w)
        return sum(d * x for d, x in w) / tw if tw else None
    if not nums:
        return (None, None) if agg == "MinMax" else None
    if agg == "SimpleAverage":
        return sum(nums) / len(nums)
    if agg == "Sum":
        return sum(nums)
    if agg == "Minimum":
        return min(nums)
    if agg == "Maximum":
        return max(nums)
    if agg == "MinMax":
        return (min(nums), max(nums))
    if agg == "Range":
        return max(nums) - min(nums)
    mean = sum(nums) / len(nums)
    var = sum((x - mean) ** 2 for x in nums) / len(nums)
    return var if agg == "Variance" else math.sqrt(var)


# --- the functions ---------------------------------------------------------------------
@implements("system.tag.queryTagHistory")
def queryTagHistory(paths, startDate=None, endDate=None, returnSize=-1, aggregationMode="Average",
                    returnFormat="Wide", columnNames=None, intervalHours=None,
                    intervalMinutes=None, rangeHours=None, rangeMinutes=None,
                    aggregationModes=None, includeBoundingValues=None, validateSCExec=None,
                    noInterpolation=None, ignoreBadQuality=None, timeout=None,
                    intervalSeconds=None, rangeSeconds=None):
    """Tag history as a Dataset (Wide: ``t_stamp`` + one column per path; Tall:
    ``path, value, quality, timestamp``). See the module docstring for the rules."""
    paths = _paths(paths)
    start, end = _range(startDate, endDate, rangeHours, rangeMinutes, rangeSeconds)
    fmt = str(returnFormat).lower() if isinstance(returnFormat, string_types) else None
    if fmt not in ("wide", "tall"):
        raise ValueError("returnFormat must be 'Wide' or 'Tall', got %r" % (returnFormat,))
    if columnNames is not None:
        columnNames = list(columnNames)
        if len(columnNames) != len(paths):
            raise ValueError("columnNames has %d names for %d paths: give one per path"
                             % (len(columnNames), len(paths)))
    names = columnNames or [p for p in paths]
    if aggregationModes is not None:
        aggregationModes = list(aggregationModes)
        if len(aggregationModes) != len(paths):
            raise ValueError("aggregationModes has %d modes for %d paths: give one per path"
                             % (len(aggregationModes), len(paths)))
        aggs = [_aggregate(a, "aggregationModes item") for a in aggregationModes]
    else:
        aggs = [_aggregate(aggregationMode)] * len(paths)
    if isinstance(returnSize, bool) or not isinstance(returnSize, int) or returnSize < -1:
        raise ValueError("returnSize must be -1 (as stored), 0 (natural) or a row count > 0, "
                         "got %r" % (returnSize,))
    interval = (_number(intervalHours, "intervalHours") * 3600
                + _number(intervalMinutes, "intervalMinutes") * 60
                + _number(intervalSeconds, "intervalSeconds")) * 1000
    series = [_points(p, ignoreBadQuality) for p in paths]
    displays = [_resolve(p)[2] for p in paths]
    if interval:
        n = max(1, int(math.ceil((end - start) / float(interval))))
        return _windowed(series, names, displays, aggs, start, end, n, int(interval), fmt,
                         noInterpolation)
    if returnSize > 0:
        return _windowed(series, names, displays, aggs, start, end, returnSize,
                         (end - start) / float(returnSize), fmt, noInterpolation)
    return _raw(series, names, displays, start, end, fmt, includeBoundingValues)


def raw_picks(series, start, end, bounding):
    """Per series, its points in ``[start, end]`` (plus the one before and the one
    after with ``bounding``)."""
    picked = []
    for pts in series:
        sel = [p for p in pts if start <= p[0] <= end]
        if bounding:
            before = [p for p in pts if p[0] < start]
            after = [p for p in pts if p[0] > end]
            sel = before[-1:] + sel + after[:1]
        picked.append(sel)
    return picked


def wide_raw_rows(series, picked):
    """``[(ms, [value in effect per series])]``, one per distinct timestamp picked."""
    times = sorted(set(p[0] for sel in picked for p in sel))
    rows = []
    for t in times:
        vals = []
        for pts in series:
            p = _in_effect(pts, t)
            vals.append(p[1] if p is not None else None)
        rows.append((t, vals))
    return rows


def _raw(series, names, displays, start, end, fmt, bounding):
    picked = raw_picks(series, start, end, bounding)
    if fmt == "tall":
        rows = []
        for name, sel in zip(displays, picked):
            rows.extend([name, v, q.getCode(), Date(t)] for t, v, q in sel)
        rows.sort(key=lambda r: r[3].getTime())
        return _tall(rows)
    rows = [[Date(t)] + vals for t, vals in wide_raw_rows(series, picked)]
    return _wide(names, rows, len(series))


def window_rows(series, aggs, start, end, n, width, no_interp):
    """``[(window start ms, [aggregate per series])]`` over ``n`` windows of ``width``
    ms from ``start`` (the last ends at ``end``); MinMax gives two rows per window."""
    rows = []
    for i in range(n):
        a = start + int(round(i * width))
        b = start + int(round((i + 1) * width)) if i + 1 < n else max(end, a + 1)
        vals = [_window(pts, a, b, agg, no_interp) for pts, agg in zip(series, aggs)]
        if any(agg == "MinMax" for agg in aggs):
            lo = [v[0] if agg == "MinMax" else v for v, agg in zip(vals, aggs)]
            hi = [v[1] if agg == "MinMax" else v for v, agg in zip(vals, aggs)]
            rows.append((a, lo))
            rows.append((a, hi))
        else:
            rows.append((a, vals))
    return rows


def _windowed(series, names, displays, aggs, start, end, n, width, fmt, no_interp):
    rows = window_rows(series, aggs, start, end, n, width, no_interp)
    if fmt == "tall":
        return _tall(tall_window_rows(displays, rows))
    return _wide(names, [[Date(t)] + vals for t, vals in rows], len(series))


def tall_window_rows(labels, rows):
    """Windowed ``rows`` ([t, [value per path]]) as Tall rows: label, value, quality code
    (Bad_NotFound for a window without data), timestamp; path by path."""
    out = []
    for i, label in enumerate(labels):
        for t, vals in rows:
            q = QualityCode.Good if vals[i] is not None else QualityCode.Bad_NotFound
            out.append([label, vals[i], q.getCode(), Date(t)])
    return out


def _wide(names, rows, ncols):
    types = None if rows else ["java.util.Date"] + ["java.lang.Object"] * ncols
    return BasicDataset(["t_stamp"] + list(names), rows, types)


def _tall(rows):
    types = None if rows else ["java.lang.String", "java.lang.Object", "java.lang.Integer",
                               "java.util.Date"]
    return BasicDataset(["path", "value", "quality", "timestamp"], rows, types)


@implements("system.tag.queryTagCalculations")
def queryTagCalculations(paths, calculations, startDate=None, endDate=None, rangeHours=None,
                         rangeMinutes=None, aliases=None, includeBoundingValues=True,
                         validatesSCExec=True, noInterpolation=False, ignoreBadQuality=False):
    """One row per path (``path`` column, or its alias), one column per calculation."""
    paths = _paths(paths)
    calcs = [_aggregate(c, "calculation") for c in _paths(calculations, "calculations")]
    if "MinMax" in calcs:
        raise ValueError("calculation 'MinMax' gives two values: ask for 'Minimum' and "
                         "'Maximum' instead")
    start, end = _range(startDate, endDate, rangeHours, rangeMinutes, None)
    if aliases is not None:
        aliases = list(aliases)
        if len(aliases) != len(paths):
            raise ValueError("aliases has %d names for %d paths: give one per path"
                             % (len(aliases), len(paths)))
    rows = []
    for i, p in enumerate(paths):
        pts = _points(p, ignoreBadQuality)
        b = max(end, start + 1)
        rows.append([aliases[i] if aliases else p]
                    + [_window(pts, start, b, c, noInterpolation) for c in calcs])
    return BasicDataset(["path"] + calcs, rows)


@implements("system.tag.storeTagHistory")
def storeTagHistory(historyprovider, tagprovider, paths, values, qualities=None,
                    timestamps=None):
    """Append points to ``historyprovider`` for tags of ``tagprovider`` (paths relative
    to it). ``qualities``: codes (192) or QualityCodes, default Good; ``timestamps``:
    Dates, default now."""
    for what, v in (("historyprovider", historyprovider), ("tagprovider", tagprovider)):
        if not isinstance(v, string_types) or not v.strip():
            raise TypeError("%s must be a provider name (a non-empty string), got %r" % (what, v))
    paths = _paths(paths)
    values = list(values) if isinstance(values, (list, tuple)) else [values]
    n = len(paths)

    def same_len(seq, what):
        seq = list(seq)
        if len(seq) != n:
            raise ValueError("%s has %d items for %d paths: give one per path"
                             % (what, len(seq), n))
        return seq
    values = same_len(values, "values")
    quals = [QualityCode.Good] * n if qualities is None else \
        [quality_of(q) for q in same_len(qualities, "qualities")]
    now = _tags().clock.now_ms()
    times = [now] * n if timestamps is None else \
        [_ms(t, "timestamps item") for t in same_len(timestamps, "timestamps")]
    pts = []
    for p, v, q, t in zip(paths, values, quals, times):
        rel = p.strip()
        if rel.startswith("["):
            rel = rel.partition("]")[2]
        pts.append((rel, t, v, q))
    _tags().history.store(historyprovider.strip(), tagprovider.strip(), pts)


@implements("system.tag.browseHistoricalTags")
def browseHistoricalTags(path, nameFilters=None, maxSize=None, continuationPoint=None):
    """Browse history: ``""`` lists the history providers (``histprov:NAME``); a
    ``histprov:NAME`` path (optionally ``:/drv:gw:prov`` and ``:/tag:Folder``) lists
    the tags with history under it, flat. Returns browse Results."""
    from gateway_sim.backends.tags import browse as b
    if not isinstance(path, string_types):
        raise TypeError("path must be a string like 'histprov:NAME', got %r" % (path,))
    hist = _tags().history
    nodes = []
    text = path.strip()
    if not text:
        for name in hist.provider_names():
            nodes.append(_node(b, name, "histprov:%s" % name, None, True))
    else:
        if not text.lower().startswith("histprov:"):
            raise ValueError("browseHistoricalTags path must be '' or start with "
                             "'histprov:NAME', got %r" % (path,))
        parts = dict((k.lower(), r) for k, _, r in (p.partition(":") for p in text.split(":/")))
        name = parts.get("histprov", "")
        tags = hist.tags_of(name)
        if tags is None:
            raise ValueError("no history provider %r: known ones are %s"
                             % (name, ", ".join(hist.provider_names()) or "(none yet)"))
        prov = parts.get("prov") or (parts["drv"].split(":")[-1] if "drv" in parts else None)
        folder = parts.get("tag", "").strip("/").lower()
        for tp in tags:
            tprov, _, rel = tp[1:].partition("]")
            if prov and tprov.lower() != prov.lower():
                continue
            if folder and not (rel.lower() + "/").startswith(folder + "/"):
                continue
            full = "histprov:%s:/prov:%s:/tag:%s" % (name, tprov, rel)
            nodes.append(_node(b, rel.rsplit("/", 1)[-1], full, tp, False))
    if nameFilters:
        pats = [nameFilters] if isinstance(nameFilters, string_types) else list(nameFilters)
        nodes = [n for n in nodes
                 if any(fnmatch.fnmatchcase(n["name"].lower(), str(f).lower()) for f in pats)]
    total = len(nodes)
    if maxSize is not None and int(maxSize) >= 0:
        nodes = nodes[:int(maxSize)]
    return b.Results(nodes, total=total)


def _node(b, name, full, tag_path, children):
    n = b.BrowseNode()
    n["name"] = name
    n["fullPath"] = full
    n["tagPath"] = tag_path
    n["hasChildren"] = children
    return n
