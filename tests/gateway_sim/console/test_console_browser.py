"""The console in a real browser (headless Chromium, see browser.py).

The tank batch end to end: start it from the form, see it in the runs table (live, no
reload), open it, HOLD -> HELD and a ``recvCommand`` in the timeline, RESUME -> SUCCESS
with every step. A tag written from the tags page reads back through
``system.tag.readBlocking``. Without the token a command is refused and nothing happens;
``<script>`` in an input stays text. Each test saves a screenshot under its ``tmp_path``.
"""
from __future__ import absolute_import, division, print_function

import os

import pytest

from .browser import close_browser, open_browser
from .conftest import wait_until

EVIL = "<script>document.title='pwned'</script>"


@pytest.fixture
def browser(tmp_path):
    driver = open_browser(tmp_path)
    try:
        yield driver
    finally:
        close_browser(driver, tmp_path)


def _live(fn):
    """``fn()``, or None while the live refresh is replacing the elements it reads."""
    from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
    try:
        return fn()
    except (NoSuchElementException, StaleElementReferenceException):
        return None


def _text(driver):
    return _live(lambda: driver.find_element("tag name", "body").text) or ""


def _fact(driver, name):
    return _live(lambda: driver.find_element(
        "xpath", "//dt[text()='%s']/following-sibling::dd[1]" % name).text)


def _press(driver, label):
    driver.find_element("xpath", "//div[@class='actions']//button[text()='%s']" % label).click()


def _flash(driver):
    return _text_of(driver, "id", "flash")


def _text_of(driver, by, what):
    return _live(lambda: driver.find_element(by, what).text) or ""


def _click(driver, xpath):
    """Click what ``xpath`` names, again if a live refresh replaced it meanwhile."""
    return wait_until(lambda: _live(lambda: driver.find_element("xpath", xpath).click() or True),
                      message="click %s" % xpath)


def _shot(driver, tmp_path, name):
    path = os.path.join(str(tmp_path), name)
    driver.save_screenshot(path)
    assert os.path.getsize(path) > 1000
    return path


def test_tank_batch_start_hold_resume(console, browser, tmp_path):
    server, gw, proj = console
    browser.get(server.login_url)  # sets the token cookie, lands on the runs page
    wait_until(lambda: "actions enabled" in _text(browser), message="signed in")
    browser.get(server.url + "start?workflow=tank_batch")
    browser.find_element("name", "in.batchId").clear()
    browser.find_element("name", "in.batchId").send_keys("B-UI-1")
    browser.find_element("name", "in.setpoint").clear()
    browser.find_element("name", "in.setpoint").send_keys("95")
    browser.find_element("xpath", "//form[@action='/action/start']//button").click()
    wait_until(lambda: "/runs/" in browser.current_url, message="the run page after the start")
    wid = browser.current_url.rsplit("/", 1)[-1]

    browser.get(server.url)  # the runs table shows it, and follows it live
    row = "//a[text()='%s']/ancestor::tr" % wid
    wait_until(lambda: "tank_batch" in _text_of(browser, "xpath", row), message="the run in the table")
    _shot(browser, tmp_path, "console-runs.png")
    _click(browser, "//a[text()='%s']" % wid)

    wait_until(lambda: _fact(browser, "ISA-88 state") == "RUNNING", message="RUNNING")
    _press(browser, "HOLD")
    wait_until(lambda: "COMMAND_SENT" in _flash(browser), message="the HOLD envelope")
    wait_until(lambda: _fact(browser, "ISA-88 state") == "HELD", message="HELD in the state")
    wait_until(lambda: "received HOLD" in _text_of(browser, "css selector", "table.timeline"),
               message="the consumed HOLD in the timeline")
    assert "recvCommand" in _text_of(browser, "css selector", "table.timeline")
    _shot(browser, tmp_path, "console-run-held.png")

    _press(browser, "RESUME")
    wait_until(lambda: _fact(browser, "status") == "SUCCESS", timeout=60, message="SUCCESS")
    steps = server.source.runtime().listRunSteps(wid)
    wait_until(lambda: _live(lambda: len(browser.find_elements(
        "css selector", "table.timeline tbody tr"))) == len(steps), message="every step shown")
    timeline = _text_of(browser, "css selector", "table.timeline")
    for name in ("tags.write", "wait.until_tag_equals", "tags.read", "db.update", "recvCommand"):
        assert name in timeline, name
    assert "received RESUME" in timeline and "waited" in timeline  # the HELD wait for RESUME
    assert '"outcome": "COMPLETE"' in _text(browser)
    _shot(browser, tmp_path, "console-run.png")


def test_tag_write_from_the_tags_page(console, browser, tmp_path):
    server, gw, proj = console
    browser.get(server.login_url)
    browser.get(server.url + "tags")
    assert "[default]Tank/Setpoint" in _text(browser)
    _click(browser, "//a[@data-path='[default]Tank/Setpoint']")  # fills the write form's path
    assert browser.find_element("name", "path").get_attribute("value") == "[default]Tank/Setpoint"
    browser.find_element("name", "value").send_keys("61.5")
    browser.find_element("xpath", "//form[@action='/action/tag-write']//button").click()
    wait_until(lambda: "TAG_WRITTEN" in _flash(browser), message="the write's answer")
    assert "Good" in _flash(browser)
    qv = server.source.call(lambda: __import__("system").tag.readBlocking(["[default]Tank/Setpoint"])[0])
    assert qv.value == 61.5 and qv.quality.isGood()
    wait_until(lambda: _live(lambda: [r for r in browser.find_elements("css selector", "table.tags tbody tr")
                                      if "[default]Tank/Setpoint" in r.text and "61.5" in r.text]),
               message="the new value in the tree")
    _shot(browser, tmp_path, "console-tags.png")


def test_command_without_token_is_refused_and_script_stays_text(console, browser, tmp_path):
    server, gw, proj = console
    resp = server.source.call(server.source.service.start, "tank_batch",
                              {"batchId": EVIL, "setpoint": 95.0})
    wid = resp["data"]["workflowId"]
    browser.get(server.url + "runs/" + wid)  # no sign-in: read-only
    assert "sign in for actions" in _text(browser)
    title = browser.title
    assert EVIL in browser.find_element("css selector", "pre.json").text  # shown as text
    _press(browser, "STOP")
    wait_until(lambda: "REFUSED" in _flash(browser), message="the refusal")
    assert "needs the console token" in _flash(browser)
    assert browser.title == title and "pwned" not in browser.title
    rt = server.source.runtime()
    assert not [s for s in rt.listRunSteps(wid) if s["kind"] == "recvCommand" and s.get("output")]
    _shot(browser, tmp_path, "console-refused.png")
    server.source.call(server.source.service.cancel, wid)
