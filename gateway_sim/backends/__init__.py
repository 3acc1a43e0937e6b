"""State behind the ``system`` API surface: one backend per namespace."""
