"""Java interfaces scripts implement in Python (``class ByName(Comparator): def compare``).

Each is a plain base class: the interface's abstract method raises
``UnsupportedOperationException`` naming the class that forgot to define it, and where
Jython gives Java objects a Python face it is given here too (an ``Iterator`` or
``Iterable`` works in ``for``; a functional interface instance is callable). Re-exported
by ``gateway_sim.java.lang`` / ``util`` / ``util.function`` / ``util.concurrent`` / ``io``.
May import: ``gateway_sim.java.lang``.
"""
from __future__ import absolute_import, division, print_function


def _unsupported(message):
    # imported when raised: java.lang re-exports this module, so a top-level import here
    # made ``import gateway_sim.java.io`` (or java.net) as the first java import circular
    from gateway_sim.java.lang import UnsupportedOperationException as cls
    return cls(message)


def _abstract(iface, method):
    def missing(self, *args):
        raise _unsupported("%s.%s() is not implemented by %s"
                                            % (iface, method, type(self).__name__))
    missing.__name__ = str(method)
    return missing


def _interface(java_name, method, callable_=False, extra=None):
    simple = java_name.rsplit(".", 1)[1]
    body = {"_java_name": java_name, method: _abstract(simple, method),
            "__doc__": "``%s``: subclass it and define ``%s()``." % (java_name, method)}
    if callable_:
        body["__call__"] = lambda self, *args: getattr(self, method)(*args)
    body.update(extra or {})
    return type(str(simple), (object,), body)


def _iter_iterator(self):
    return self


def _next_iterator(self):
    if not self.hasNext():
        raise StopIteration
    return self.next()


def _remove_unsupported(self):
    raise _unsupported("remove")  # the JDK's default Iterator.remove()


Iterator = _interface("java.util.Iterator", "next", extra={
    "hasNext": _abstract("Iterator", "hasNext"), "remove": _remove_unsupported,
    "__iter__": _iter_iterator, "__next__": _next_iterator})


def _iter_iterable(self):
    it = self.iterator()
    return iter(it) if hasattr(it, "__iter__") else it


Iterable = _interface("java.lang.Iterable", "iterator", extra={"__iter__": _iter_iterable})
Comparable = _interface("java.lang.Comparable", "compareTo")
AutoCloseable = _interface("java.lang.AutoCloseable", "close", extra={
    "__enter__": lambda self: self, "__exit__": lambda self, *exc: self.close()})
Closeable = type("Closeable", (AutoCloseable,), {"_java_name": "java.io.Closeable"})
Comparator = _interface("java.util.Comparator", "compare", callable_=True)
EventListener = type("EventListener", (object,), {"_java_name": "java.util.EventListener"})
ThreadFactory = _interface("java.util.concurrent.ThreadFactory", "newThread", callable_=True)

# java.util.function
Function = _interface("java.util.function.Function", "apply", callable_=True)
BiFunction = _interface("java.util.function.BiFunction", "apply", callable_=True)
UnaryOperator = type("UnaryOperator", (Function,),
                     {"_java_name": "java.util.function.UnaryOperator"})
Consumer = _interface("java.util.function.Consumer", "accept", callable_=True)
BiConsumer = _interface("java.util.function.BiConsumer", "accept", callable_=True)
Supplier = _interface("java.util.function.Supplier", "get", callable_=True)
Predicate = _interface("java.util.function.Predicate", "test", callable_=True)
BiPredicate = _interface("java.util.function.BiPredicate", "test", callable_=True)
