"""``system.historian.types`` (Ignition 8.3): the point objects ``system.historian``'s
store functions take: ``dataPoint``, ``metadataPoint``, ``annotationPoint``.

Each is a small immutable object with Java-style getters (``getSource()``,
``getValue()``...); ``queryMetadata`` and ``queryAnnotations`` return the same classes.
Unverified: the getter names beyond what the manual shows (it names the classes
AtomicPoint, MetadataPoint and an annotation point, not their methods); a
``dataPoint`` without ``timestamp`` takes the gateway clock's time when it is made
(the manual: "the current time is used").
May import: ``gateway_sim`` core (runtime, quality, jvm).
"""
from __future__ import absolute_import, division, print_function

from gateway_sim import runtime
from gateway_sim._compat import string_types
from gateway_sim.jvm import Date
from gateway_sim.quality import QualityCode, quality_of
from gateway_sim.registry import implements


def _source(source):
    if not isinstance(source, string_types) or not source.strip():
        raise TypeError("source must be a historical path string like "
                        "'histprov:Historian:/prov:default:/tag:Folder/Tag', got %r" % (source,))
    return source.strip()


def _date(value, what, default_now=False):
    from gateway_sim.system._tag_history import _ms
    if value is None:
        return Date(runtime.current().tags.clock.now_ms()) if default_now else None
    return Date(_ms(value, what))


class _Point(object):
    __slots__ = ()

    def __setattr__(self, name, value):
        raise AttributeError("%s is immutable: make a new one" % type(self).__name__)

    def _set(self, **kw):
        for k, v in kw.items():
            object.__setattr__(self, k, v)


class DataPoint(_Point):
    """``AtomicPoint``: a value of a historical path at a time, with a quality."""
    __slots__ = ("_source", "_value", "_timestamp", "_quality")

    def __init__(self, source, value, timestamp, quality):
        self._set(_source=source, _value=value, _timestamp=timestamp, _quality=quality)

    def getSource(self):
        return self._source

    def getValue(self):
        return self._value

    def getTimestamp(self):
        return self._timestamp

    def getQuality(self):
        return self._quality

    def __repr__(self):
        return "AtomicPoint{source=%s, value=%r, quality=%s, timestamp=%s}" % (
            self._source, self._value, self._quality, self._timestamp)


class MetadataPoint(_Point):
    """Properties of a historical path from a time on."""
    __slots__ = ("_source", "_properties", "_timestamp")

    def __init__(self, source, properties, timestamp):
        self._set(_source=source, _properties=dict(properties), _timestamp=timestamp)

    def getSource(self):
        return self._source

    def getProperties(self):
        return dict(self._properties)

    def getTimestamp(self):
        return self._timestamp

    def __repr__(self):
        return "MetadataPoint{source=%s, properties=%r, timestamp=%s}" % (
            self._source, self._properties, self._timestamp)


class AnnotationPoint(_Point):
    """An annotation of a historical path over ``[startTime, endTime]``."""
    __slots__ = ("_source", "_start", "_end", "_type", "_data", "_id", "_deleted")

    def __init__(self, source, start, end, kind, data, identifier, deleted=False):
        self._set(_source=source, _start=start, _end=end, _type=kind, _data=data,
                  _id=identifier, _deleted=bool(deleted))

    def getSource(self):
        return self._source

    def getStartTime(self):
        return self._start

    def getEndTime(self):
        return self._end

    def getType(self):
        return self._type

    def getData(self):
        return self._data

    def getStorageId(self):
        return self._id

    getIdentifier = getStorageId

    def isDeleted(self):
        return self._deleted

    def __repr__(self):
        return "AnnotationPoint{source=%s, type=%s, start=%s, end=%s, storageId=%s}" % (
            self._source, self._type, self._start, self._end, self._id)


@implements("system.historian.types.dataPoint")
def dataPoint(source, value, timestamp=None, quality=None):
    """A data point for ``system.historian.storeDataPoints``; quality: a code (192) or a
    QualityCode, default Good; timestamp default now."""
    q = QualityCode.Good if quality is None else quality_of(quality)
    return DataPoint(_source(source), value, _date(timestamp, "timestamp", True), q)


@implements("system.historian.types.metadataPoint")
def metadataPoint(source, properties, timestamp):
    """A metadata point for ``system.historian.storeMetadata``."""
    if not isinstance(properties, dict):
        raise TypeError("properties must be a dictionary of property names to values, got %r"
                        % (properties,))
    if timestamp is None:
        raise TypeError("timestamp is required: pass a Date (e.g. system.date.now())")
    return MetadataPoint(_source(source), properties, _date(timestamp, "timestamp"))


@implements("system.historian.types.annotationPoint")
def annotationPoint(source, startTime, endTime=None, annotationType=None, data=None,
                    identifier=None):
    """An annotation for ``system.historian.storeAnnotations``; ``identifier`` is the
    storage id of an annotation to update."""
    if startTime is None:
        raise TypeError("startTime is required: pass a Date (e.g. system.date.now())")
    if identifier is not None and not isinstance(identifier, string_types):
        raise TypeError("identifier must be a storage id string, got %r" % (identifier,))
    return AnnotationPoint(_source(source), _date(startTime, "startTime"),
                           _date(endTime, "endTime"), annotationType, data, identifier)
