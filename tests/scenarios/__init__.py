"""Scenario tests: written once (unittest, 2.7/3.x), run by pytest on CPython and by
``tests/jython/runner.py`` on Jython 2.7.3. See ``support.py``."""
