"""The console's read APIs under real Jython 2.7 (JDBC SQLite, run by
test_read_apis_jython.py): the same cases as test_read_apis.py; prints READ APIS OK."""
from __future__ import absolute_import, division, print_function

import os
import shutil
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.abspath(os.path.join(HERE, "..", "..", "..")))
sys.path.insert(0, HERE)

from gateway_sim import Gateway, simulate  # noqa: E402


def main():
    data_dir = tempfile.mkdtemp(prefix="gateway_sim-jy-read-")
    gw = Gateway(name="jy-read", data_dir=data_dir)
    try:
        with simulate(gw):
            from exchange.workflows import compat
            from exchange.workflows.bootstrap import getWorkflows
            from exchange.workflows.engine import instance
            import read_api_cases as cases
            assert compat.IS_JYTHON
            rt = getWorkflows()
            try:
                cases.run_filter_cases(rt)
                cases.run_mailbox_cases(rt)
                cases.run_stream_cases(rt)
                cases.run_queue_limit_cases(rt)
                cases.run_wait_start_cases(rt)
            finally:
                instance.shutdownRuntime(2)
    finally:
        gw.shutdown()
        shutil.rmtree(data_dir, ignore_errors=True)
    print("READ APIS OK")


if __name__ == "__main__":
    main()
