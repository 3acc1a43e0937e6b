"""Cost of the java.* stand-ins and system.util/system.date calls, next to plain Python.

Figures (median microseconds per call of several timed runs; the baseline is the
closest plain-Python operation, measured in the same run):
  * ``ConcurrentHashMap.get`` vs ``dict.get``                       (goal <= 10x)
  * ``AtomicLong.incrementAndGet`` vs ``with lock: n += 1``          (goal <= 5x)
  * ``LinkedBlockingQueue`` offer+poll vs ``queue.Queue`` put+get    (goal <= 2x)
  * ``logger.infof`` (record kept) vs ``"%s" % x`` + ``list.append``  (informative)
  * ``system.date.format`` vs ``time.strftime``                      (informative)
  * ``system.date.now`` vs ``time.time``                              (informative)

    python3 bench/bench_util.py [--quick]

Exposes ``run(quick=False) -> list of dict(figure, value, unit, baseline, ratio, goal)``.
May import: the standard library and ``gateway_sim``.
"""
from __future__ import absolute_import, division, print_function

import os
import sys
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))

from gateway_sim import Gateway, simulate  # noqa: E402

sys.path.insert(0, HERE)
from _timing import figure, us_per_call  # noqa: E402





def run(quick=False):
    import queue
    from gateway_sim.java.util.concurrent import ConcurrentHashMap, LinkedBlockingQueue
    from gateway_sim.java.util.concurrent.atomic import AtomicLong
    number, repeats = (2000, 5) if quick else (20000, 9)
    out = []

    chm, d = ConcurrentHashMap(), {}
    chm.put("k", 1)
    d["k"] = 1
    out.append(figure("ConcurrentHashMap.get vs dict.get",
                       us_per_call(lambda: chm.get("k"), number, repeats),
                       us_per_call(lambda: d.get("k"), number, repeats), "<= 10x", digits=3))

    a, lock, box = AtomicLong(), threading.Lock(), [0]

    def locked_inc():
        with lock:
            box[0] += 1
    out.append(figure("AtomicLong.incrementAndGet vs locked int +1",
                       us_per_call(a.incrementAndGet, number, repeats),
                       us_per_call(locked_inc, number, repeats), "<= 5x", digits=3))

    lbq, q = LinkedBlockingQueue(), queue.Queue()
    out.append(figure("LinkedBlockingQueue offer+poll vs queue.Queue put+get",
                       us_per_call(lambda: (lbq.offer(1), lbq.poll()), number, repeats),
                       us_per_call(lambda: (q.put(1), q.get()), number, repeats), "<= 2x"))

    gw = Gateway()
    try:
        with simulate(gw):
            import gateway_sim.system as system
            log = system.util.getLogger("bench")
            sink = []

            def plain_log():
                sink.append("step %s took %d ms" % ("s1", 12))
                if len(sink) > 1000:
                    del sink[:]

            def sim_log():
                log.infof("step %s took %d ms", "s1", 12)
                if len(gw.util.records) > 1000:
                    gw.util.clear_records()
            import logging
            logging.getLogger("bench").propagate = False
            out.append(figure("logger.infof (record kept) vs %-format+append",
                               us_per_call(sim_log, number // 4, repeats),
                               us_per_call(plain_log, number // 4, repeats), "informative", digits=3))
            d0 = system.date.now()
            out.append(figure("system.date.format vs time.strftime",
                               us_per_call(lambda: system.date.format(d0), number // 4, repeats),
                               us_per_call(lambda: time.strftime("%Y-%m-%d %H:%M:%S"),
                                            number // 4, repeats), "informative", digits=3))
            out.append(figure("system.date.now vs time.time",
                               us_per_call(system.date.now, number, repeats),
                               us_per_call(time.time, number, repeats), "informative", digits=3))
    finally:
        gw.shutdown()
    return out


def main():
    quick = "--quick" in sys.argv[1:]
    for f in run(quick=quick):
        print("%-58s %9.3f %s  baseline %9.3f  ratio %6.2f  goal: %s"
              % (f["figure"], f["value"], f["unit"], f["baseline"], f["ratio"], f["goal"]))


if __name__ == "__main__":
    main()
