"""Suite-wide test setup: puts ``tests/`` on ``sys.path`` (pytest does so for a conftest's
folder), so any test can ``from realfixtures import real_path``."""
