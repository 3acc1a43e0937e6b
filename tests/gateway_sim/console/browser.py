"""Headless Chromium for the console's browser tests (Debian ``chromium`` + ``chromium-driver``,
driven by Selenium; no browser download at run time).

``open_browser(tmp_path)`` returns a WebDriver with a fresh profile under ``tmp_path``;
without Chromium, chromedriver or Selenium the test is skipped naming the install command,
and fails instead when ``CI`` is set (as ``.ci/run`` does).
"""
from __future__ import absolute_import, division, print_function

import os
import shutil

import pytest

CHROMIUM = os.environ.get("CONSOLE_CHROMIUM", "/usr/bin/chromium")
CHROMEDRIVER = os.environ.get("CONSOLE_CHROMEDRIVER", "/usr/bin/chromedriver")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", "--window-size=1360,900")


def _missing():
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "the Selenium package (pip install -e '.[dev]')"
    for path, pkg in ((CHROMIUM, "chromium"), (CHROMEDRIVER, "chromium-driver")):
        if not os.path.exists(path):
            return "%s (apt-get install -y chromium chromium-driver)" % pkg
    return None


def open_browser(tmp_path):
    missing = _missing()
    if missing:
        msg = "browser tests need %s" % missing
        if os.environ.get("CI"):
            pytest.fail(msg + " [CI is set]")
        pytest.skip(msg)
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for flag in FLAGS:
        opts.add_argument(flag)
    profile = os.path.join(str(tmp_path), "chromium-profile")
    opts.add_argument("--user-data-dir=%s" % profile)
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=opts)
    driver.set_page_load_timeout(60)
    return driver


def close_browser(driver, tmp_path):
    try:
        driver.quit()
    finally:
        shutil.rmtree(os.path.join(str(tmp_path), "chromium-profile"), True)
