"""A gateway process for the crash tests: ``python crash_gateway.py DATA_DIR start|resume``.

``start`` enqueues run ``crash-1`` (6 checkpointed steps, each appending to
``effects.txt`` in DATA_DIR) and waits to be killed; with ``CRASH_BLOCK_AT=N`` step N
records its effect, writes ``blocked.flag`` and then blocks (it never commits), so a test
kills the process at a known point instead of racing the run; ``resume`` restarts the same
gateway (same name, same SQLite file): startup recovery re-enqueues the run and
the result is printed as JSON.
"""
from __future__ import absolute_import, division, print_function

import json
import os
import sys
import time

sys.path.insert(0, os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "..")))

from gateway_sim import Gateway, simulate  # noqa: E402


def main(data_dir, mode):
    gw = Gateway(name="crash-gw", data_dir=data_dir)
    with simulate(gw):
        from exchange.workflows.bootstrap import getWorkflows, step, workflow

        block_at = os.environ.get("CRASH_BLOCK_AT", "")

        @step("crash.effect")
        def effect(i):
            with open(os.path.join(data_dir, "effects.txt"), "a") as f:
                f.write("%d\n" % i)
                f.flush()
                os.fsync(f.fileno())
            if mode == "start" and block_at == str(i):
                with open(os.path.join(data_dir, "blocked.flag"), "w") as f:
                    f.write("blocked in step %d" % i)
                time.sleep(3600)  # killed here, mid-step
            return i * 10

        @workflow("crash.wf")
        def crash_wf(n=6, pause=0.15):
            rt = getWorkflows()
            out = []
            for i in range(n):
                out.append(effect(i))
                rt.sleep(pause)
            return out

        rt = getWorkflows()
        if mode == "start":
            rt.startWorkflow("crash.wf", {"n": 6}, workflowId="crash-1")
            print("STARTED", flush=True)
            time.sleep(60)
        else:
            t0 = time.time()
            print(json.dumps({"result": rt.getResult("crash-1", 30),
                              "seconds": time.time() - t0,
                              "steps": [s["status"] for s in rt.listRunSteps("crash-1")
                                        if s["kind"] == "step"],
                              "recoveryAttempts": rt.getStatus("crash-1")["recoveryAttempts"]}),
                  flush=True)
            from exchange.workflows.engine import instance
            instance.shutdownRuntime(2)
    gw.shutdown()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
