"""java.util.concurrent (+ atomic, locks): semantics and thread-safety under contention."""
from __future__ import absolute_import, division, print_function

import threading

import pytest

from gateway_sim import jvm
from gateway_sim.java.lang import InterruptedException, Thread
from gateway_sim.java.util.concurrent import (
    CancellationException, ConcurrentHashMap, ConcurrentLinkedQueue, CountDownLatch,
    CopyOnWriteArrayList, ExecutionException, Executors, LinkedBlockingQueue,
    RejectedExecutionException, Semaphore, ThreadPoolExecutor, TimeoutException, TimeUnit)
from gateway_sim.java.util.concurrent.atomic import (AtomicBoolean, AtomicInteger, AtomicLong,
                                                     AtomicReference)
from gateway_sim.java.util.concurrent.locks import IllegalMonitorStateException, ReentrantLock


def hammer(n_threads, fn):
    """Run fn(i) on n threads released together."""
    gate = threading.Event()
    threads = [threading.Thread(target=lambda i=i: (gate.wait(), fn(i))) for i in range(n_threads)]
    for t in threads:
        t.start()
    gate.set()
    for t in threads:
        t.join(30)


def test_concurrent_hash_map_basics():
    m = ConcurrentHashMap()
    assert m.putIfAbsent("a", 1) is None
    assert m.putIfAbsent("a", 2) == 1
    assert m.get("a") == 1 and m.containsKey("a") and m.size() == 1
    assert m.computeIfAbsent("b", lambda k: k * 2) == "bb"
    assert m.computeIfAbsent("b", lambda k: "never") == "bb"
    assert sorted(m.keySet()) == ["a", "b"] and sorted(m.values(), key=str) == [1, "bb"]
    assert m.remove("a") == 1 and m.remove("zz") is None
    assert m.merge("n", 1, lambda a, b: a + b) == 1 and m.merge("n", 1, lambda a, b: a + b) == 2
    assert len(m) == 2 and "n" in m and sorted(m) == ["b", "n"]


def test_concurrent_hash_map_rejects_null():
    m = ConcurrentHashMap()
    with pytest.raises(jvm.Throwable) as info:
        m.put(None, 1)
    assert "NullPointerException" in str(info.value)
    with pytest.raises(jvm.Throwable):
        m.put("k", None)


def test_compute_if_absent_is_atomic_under_contention():
    m = ConcurrentHashMap()
    calls = AtomicInteger()

    def make(k):
        calls.incrementAndGet()
        return object()

    results = []
    hammer(16, lambda i: results.append(m.computeIfAbsent("key", make)))
    assert calls.get() == 1
    assert len(set(id(r) for r in results)) == 1


def test_put_if_absent_has_one_winner():
    m = ConcurrentHashMap()
    winners = AtomicInteger()
    hammer(16, lambda i: m.putIfAbsent("slot", i) is None and winners.incrementAndGet())
    assert winners.get() == 1


def test_new_key_set():
    s = ConcurrentHashMap.newKeySet()
    hammer(8, lambda i: [s.add(j) for j in range(100)])
    assert s.size() == 100 and s.contains(5) and 5 in s
    assert s.remove(5) and not s.contains(5)


def test_concurrent_linked_queue():
    q = ConcurrentLinkedQueue()
    assert q.isEmpty() and q.poll() is None and q.peek() is None
    q.offer(1)
    q.add(2)
    assert q.peek() == 1 and q.size() == 2 and list(q.iterator()) == [1, 2]
    assert q.poll() == 1 and q.poll() == 2 and q.isEmpty()
    with pytest.raises(jvm.Throwable):
        q.offer(None)
    hammer(8, lambda i: [q.offer((i, j)) for j in range(200)])
    assert q.size() == 1600
    drained = []
    hammer(8, lambda i: [drained.append(q.poll()) for _ in range(200)])
    assert len([d for d in drained if d is not None]) == 1600 and q.isEmpty()


def test_linked_blocking_queue_timeouts_and_capacity():
    q = LinkedBlockingQueue(1)
    assert q.offer("a") and not q.offer("b")
    assert q.offer("b", 10, TimeUnit.MILLISECONDS) is False
    assert q.remainingCapacity() == 0
    assert q.take() == "a"
    assert q.poll(10, TimeUnit.MILLISECONDS) is None
    with pytest.raises(jvm.IllegalArgumentException):
        LinkedBlockingQueue(0)


def test_blocking_take_wakes_on_put():
    q = LinkedBlockingQueue()
    got = []
    t = threading.Thread(target=lambda: got.append(q.take()))
    t.start()
    q.put("x")
    t.join(10)
    assert got == ["x"]


def test_atomics():
    a = AtomicLong()
    hammer(8, lambda i: [a.incrementAndGet() for _ in range(500)])
    assert a.get() == 4000
    assert a.getAndIncrement() == 4000 and a.get() == 4001
    assert a.addAndGet(-1) == 4000 and a.getAndAdd(5) == 4000
    assert a.compareAndSet(4005, 1) and not a.compareAndSet(4005, 2) and a.get() == 1
    i = AtomicInteger(2147483647)
    assert i.incrementAndGet() == -2147483648  # wraps like Java's int
    b = AtomicBoolean()
    assert b.get() is False and b.compareAndSet(False, True) and b.getAndSet(False) is True
    ref = AtomicReference()
    token = object()
    assert ref.compareAndSet(None, token) and ref.get() is token
    assert not ref.compareAndSet(object(), None)
    assert str(AtomicLong(5)) == "5" and str(AtomicBoolean(True)) == "true"


def test_cas_counter_is_exact_under_contention():
    a = AtomicInteger()

    def bump(_):
        for _ in range(300):
            while True:
                cur = a.get()
                if a.compareAndSet(cur, cur + 1):
                    break
    hammer(8, bump)
    assert a.get() == 2400


def test_time_unit():
    assert TimeUnit.SECONDS.toMillis(3) == 3000
    assert TimeUnit.MILLISECONDS.toSeconds(2999) == 2
    assert TimeUnit.MINUTES.toSeconds(2) == 120
    assert TimeUnit.MILLISECONDS.convert(2, TimeUnit.SECONDS) == 2000
    assert TimeUnit.valueOf("HOURS") is TimeUnit.HOURS and TimeUnit.DAYS.name() == "DAYS"
    assert TimeUnit.NANOSECONDS.toMillis(-1500000) == -1
    with pytest.raises(jvm.IllegalArgumentException):
        TimeUnit.valueOf("FORTNIGHTS")


def test_fixed_thread_pool_runs_everything():
    ex = Executors.newFixedThreadPool(3)
    counter = AtomicLong()
    futures = [ex.submit(lambda: counter.incrementAndGet()) for _ in range(200)]
    assert sorted(f.get(10, TimeUnit.SECONDS) for f in futures) == list(range(1, 201))
    assert ex.getPoolSize() <= 3 and ex.getCorePoolSize() == 3
    ex.shutdown()
    assert ex.isShutdown()
    assert ex.awaitTermination(10, TimeUnit.SECONDS) and ex.isTerminated()
    assert ex.getCompletedTaskCount() == 200
    with pytest.raises(RejectedExecutionException):
        ex.submit(lambda: None)


def test_future_get_wraps_task_error():
    ex = Executors.newSingleThreadExecutor()
    f = ex.submit(lambda: 1 // 0)
    with pytest.raises(ExecutionException) as info:
        f.get()
    assert isinstance(info.value.getCause(), ZeroDivisionError)
    g = ex.submit(lambda: (_ for _ in ()).throw(jvm.IllegalStateException("j")))
    with pytest.raises(ExecutionException) as info:
        g.get(5, TimeUnit.SECONDS)
    assert isinstance(info.value.getCause(), jvm.IllegalStateException)
    ex.shutdown()


def test_future_timeout_and_cancel():
    ex = Executors.newFixedThreadPool(1)
    latch = CountDownLatch(1)
    started = CountDownLatch(1)

    def blocker():
        started.countDown()
        getattr(latch, "await")()
        return "done"

    running = ex.submit(blocker)
    queued = ex.submit(lambda: "never")
    getattr(started, "await")()
    with pytest.raises(TimeoutException):
        running.get(20, TimeUnit.MILLISECONDS)
    assert queued.cancel(False) and queued.isCancelled() and queued.isDone()
    with pytest.raises(CancellationException):
        queued.get()
    latch.countDown()
    assert running.get(10, TimeUnit.SECONDS) == "done"
    assert not running.cancel(True)
    ex.shutdown()
    assert ex.awaitTermination(10, TimeUnit.SECONDS)


def test_shutdown_now_interrupts_and_returns_queue():
    ex = Executors.newFixedThreadPool(1)
    started = CountDownLatch(1)
    outcome = []

    def sleeper():
        started.countDown()
        try:
            Thread.sleep(30000)
            outcome.append("slept")
        except InterruptedException:
            outcome.append("interrupted")

    ex.submit(sleeper)
    ex.submit(lambda: outcome.append("queued ran"))
    started.await_()
    pending = ex.shutdownNow()
    assert len(pending) == 1
    assert ex.awaitTermination(10, TimeUnit.SECONDS)
    assert outcome == ["interrupted"]


def test_execute_runnable_and_active_count():
    ex = Executors.newCachedThreadPool()
    latch = CountDownLatch(3)
    release = CountDownLatch(1)

    class Job(object):
        def run(self):
            latch.countDown()
            release.await_()

    for _ in range(3):
        ex.execute(Job())
    assert latch.await_(10, TimeUnit.SECONDS)
    assert ex.getActiveCount() == 3 and ex.getPoolSize() == 3
    assert isinstance(ex, ThreadPoolExecutor) and ex.getQueue().size() == 0
    release.countDown()
    ex.shutdown()
    assert ex.awaitTermination(10, TimeUnit.SECONDS)
    assert ex.getActiveCount() == 0


def test_invoke_all():
    ex = Executors.newFixedThreadPool(2)
    fs = ex.invokeAll([lambda i=i: i * i for i in range(5)])
    assert [f.get() for f in fs] == [0, 1, 4, 9, 16]
    ex.shutdown()


def test_scheduled_pool():
    ex = Executors.newScheduledThreadPool(1)
    f = ex.schedule(lambda: "later", 10, TimeUnit.MILLISECONDS)
    assert f.get(10, TimeUnit.SECONDS) == "later"
    ticks = CountDownLatch(3)
    p = ex.scheduleAtFixedRate(ticks.countDown, 0, 5, TimeUnit.MILLISECONDS)
    assert ticks.await_(10, TimeUnit.SECONDS)
    assert p.cancel(False)
    ex.shutdown()
    assert ex.awaitTermination(10, TimeUnit.SECONDS)


def test_bad_pool_sizes():
    with pytest.raises(jvm.IllegalArgumentException):
        Executors.newFixedThreadPool(0)
    with pytest.raises(jvm.IllegalArgumentException):
        ThreadPoolExecutor(5, 2)


def test_latch_timeout_and_semaphore():
    latch = CountDownLatch(1)
    assert latch.await_(10, TimeUnit.MILLISECONDS) is False
    latch.countDown()
    assert getattr(latch, "await")() is True and latch.getCount() == 0
    sem = Semaphore(1)
    assert sem.tryAcquire() and not sem.tryAcquire()
    sem.release()
    assert sem.availablePermits() == 1


def test_reentrant_lock():
    lock = ReentrantLock()
    lock.lock()
    lock.lock()
    assert lock.isHeldByCurrentThread() and lock.getHoldCount() == 2
    other = []
    t = threading.Thread(target=lambda: other.append(lock.tryLock(10, TimeUnit.MILLISECONDS)))
    t.start()
    t.join()
    assert other == [False]
    lock.unlock()
    lock.unlock()
    assert not lock.isLocked()
    with pytest.raises(IllegalMonitorStateException):
        lock.unlock()
    total = [0]

    def add(_):
        for _ in range(200):
            with lock:
                v = total[0]
                total[0] = v + 1
    hammer(6, add)
    assert total[0] == 1200


def test_lock_condition_signal():
    lock = ReentrantLock()
    cond = lock.newCondition()
    ready = []

    def waiter():
        lock.lock()
        try:
            ready.append(getattr(cond, "await")(10, TimeUnit.SECONDS))
        finally:
            lock.unlock()

    t = threading.Thread(target=waiter)
    t.start()
    while True:
        with lock:
            if not t.is_alive() or lock._owner is None:
                pass
        if t.is_alive():
            lock.lock()
            cond.signalAll()
            lock.unlock()
        t.join(0.05)
        if not t.is_alive():
            break
    assert ready == [True]


def test_copy_on_write_list():
    lst = CopyOnWriteArrayList()
    hammer(4, lambda i: [lst.add(j) for j in range(100)])
    assert lst.size() == 400
    assert lst.addIfAbsent(1000) and not lst.addIfAbsent(1000)
