"""``python -m gateway_sim``: the ``gateway-sim`` command line."""
from __future__ import absolute_import, division, print_function

import sys

from gateway_sim.cli import main

sys.exit(main())
