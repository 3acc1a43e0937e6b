"""``system.util``: API surface (placeholder; being implemented)."""
from __future__ import absolute_import, division, print_function
