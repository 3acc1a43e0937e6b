"""Pure-Python ``java.util.concurrent`` for CPython: maps, queues, executors,
``TimeUnit``, ``Future``, ``CountDownLatch``, ``Semaphore`` and the exceptions.

May import: the standard library, ``gateway_sim.java``.
"""
from __future__ import absolute_import, division, print_function

from gateway_sim.java.util.concurrent._timeunit import (  # noqa: F401
    BrokenBarrierException, CancellationException, ExecutionException,
    RejectedExecutionException, TimeUnit, TimeoutException)
from gateway_sim.java.util.concurrent._queues import (  # noqa: F401
    ArrayBlockingQueue, ConcurrentHashMap, ConcurrentLinkedQueue, CopyOnWriteArrayList,
    LinkedBlockingQueue)
from gateway_sim.java.util.concurrent._executors import (  # noqa: F401
    Executors, ExecutorService, Future, ScheduledFuture, ScheduledThreadPoolExecutor,
    SynchronousQueue, ThreadPoolExecutor)
from gateway_sim.java.util.concurrent._sync import CountDownLatch, Semaphore  # noqa: F401
from gateway_sim.java._interfaces import ThreadFactory  # noqa: F401

FutureTask = Future
ScheduledExecutorService = ScheduledThreadPoolExecutor


class Callable(object):
    """``java.util.concurrent.Callable``: subclass and define ``call()``."""

    def call(self):
        raise NotImplementedError("Callable.call() is not implemented by %s" % type(self).__name__)
