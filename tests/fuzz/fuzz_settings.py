"""Hypothesis settings of the fuzz suites (applied per test with ``@FUZZ``).

``FUZZ_EXAMPLES`` (default 40 per property) keeps CI fast; raise it for a long run:
``FUZZ_EXAMPLES=2000 FUZZ_RANDOM=1 python3 -m pytest tests/fuzz``. Without ``FUZZ_RANDOM=1``
the examples are derandomized, so CI is reproducible.
May import: hypothesis, the standard library.
"""
from __future__ import absolute_import, division, print_function

import os

from hypothesis import HealthCheck, settings

FUZZ = settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", "40")), deadline=None,
                derandomize=os.environ.get("FUZZ_RANDOM", "") != "1",
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture,
                                       HealthCheck.data_too_large])
