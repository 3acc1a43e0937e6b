"""Packaging for exchange.workflows (the engine) and gateway_sim (the simulator)."""
import os
import shutil

from setuptools import find_packages, setup
from setuptools.command.build_py import build_py

HERE = os.path.dirname(os.path.abspath(__file__))


class BuildWithProject(build_py):
    """Also ship the bundled demo project (``project/``) as ``gateway_sim/data/project``, so
    ``gateway-sim demo`` and ``export`` work from a non-editable install."""

    def run(self):
        build_py.run(self)
        src = os.path.join(HERE, "project")
        dst = os.path.join(self.build_lib, "gateway_sim", "data", "project")
        if os.path.isdir(src):
            shutil.rmtree(dst, ignore_errors=True)
            shutil.copytree(src, dst, ignore=shutil.ignore_patterns(
                "__pycache__", "*.pyc", "*$py.class", ".gateway"))

setup(
    name="ignition-workflows-sim",
    version="0.1.0",
    description="Durable workflows for Ignition (exchange.workflows) and an offline "
                "Ignition gateway simulator (gateway_sim)",
    long_description=open("README.md").read(),
    long_description_content_type="text/markdown",
    license="MIT",
    python_requires=">=3.9",
    packages=find_packages(include=["exchange", "exchange.*", "gateway_sim", "gateway_sim.*"]),
    include_package_data=True,
    package_data={"gateway_sim": ["data/*", "data/**/*"],
                  "gateway_sim.console": ["static/*"]},  # the console's JS/CSS (no CDN)
    install_requires=["pyyaml>=6", "httpx>=0.24"],
    extras_require={
        "postgres": ["psycopg[binary]>=3.1"],
        "mysql": ["pymysql>=1.1"],
        "jvm": ["jpype1>=1.5"],
        "progress": ["rich>=13"],  # progress bars on a terminal (plain lines without it)
        "dev": ["rich>=13", "pytest>=7.3", "pytest-timeout>=2", "freezegun>=1.2", "hypothesis>=6", "psycopg[binary]>=3.1",
                "pymysql>=1.1", "jpype1>=1.5", "croniter>=2",  # cron oracle of engine/cron.py
                "selenium>=4.10"],  # console browser tests: drives Debian's chromium
    },
    cmdclass={"build_py": BuildWithProject},
    entry_points={
        "console_scripts": ["gateway-sim=gateway_sim.cli:main"],
        "pytest11": ["gateway_sim=gateway_sim.pytest_plugin"],
    },
    classifiers=["Programming Language :: Python :: 2.7", "Programming Language :: Python :: 3",
                 "Programming Language :: Python :: Implementation :: Jython"],
)
