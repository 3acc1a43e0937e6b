"""The gateway context example of docs/simulator.md runs as written on the simulator."""
from __future__ import absolute_import, division, print_function

import os

from test_doc_examples import blocks


def test_gateway_context_example_runs(gateway):
    (code,) = blocks("docs/simulator.md", "Gateway context")
    ns = {}
    exec(compile(code, "docs/simulator.md (gateway context)", "exec"), ns)
    assert ns["data_dir"] == os.path.abspath(gateway.data_dir)
    assert [r.getPath() for r in ns["images"].getImages("people")] == ["people/7.jpg"]
