"""Helpers for the built-in step tests: raw step bodies and a VirtualClock driver."""
import threading


def raw_step(name):
    """The undecorated body of a registered step (callable outside a workflow)."""
    from exchange.workflows import apps
    from exchange.workflows.engine import registry
    apps.load()
    info = registry.step_info(name)
    assert info is not None, "step %s is not registered" % name
    return info["fn"]


class Background(object):
    """Run ``fn`` on a thread; ``drive(clock)`` advances a VirtualClock until it returns."""

    def __init__(self, fn, *args, **kwargs):
        self.result = None
        self.error = None
        self.done = threading.Event()

        def run():
            try:
                self.result = fn(*args, **kwargs)
            except BaseException as exc:  # noqa: B902 - reported to the test
                self.error = exc
            finally:
                self.done.set()
        self.thread = threading.Thread(target=run, name="step-under-test")
        self.thread.daemon = True
        self.thread.start()

    def drive(self, clock, step_s=0.1, max_steps=10000, on_step=None):
        """Advance ``clock`` by ``step_s`` (pausing briefly in real time) until done."""
        for i in range(max_steps):
            if self.done.wait(0.01):
                break
            if on_step is not None:
                on_step(i)
            clock.advance(step_s)
        assert self.done.wait(30), "step did not finish"
        if self.error is not None:
            raise self.error
        return self.result

    def wait(self, timeout=60):
        assert self.done.wait(timeout), "step did not finish"
        if self.error is not None:
            raise self.error
        return self.result


