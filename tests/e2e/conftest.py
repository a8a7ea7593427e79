"""Real-browser harness: the portal served by gunicorn (2 workers) on the test database and Solr
core, driven by Playwright through Debian's Chromium (Playwright's own browser download cannot
work here)."""
from __future__ import annotations

import os
import pathlib
import subprocess
import sys
import time

import pytest
import requests

ROOT = pathlib.Path(__file__).resolve().parents[2]
PORT = int(os.environ.get("SHAOXING_TEST_PORT", "15000"))
CHROMIUM = os.environ.get("SHAOXING_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


@pytest.fixture(scope="session")
def portal():
    """Base URL of a real portal process serving test.ini."""
    base = f"http://localhost:{PORT}"
    log = open(ROOT / ".devstack" / "logs" / "e2e-portal.log", "ab")
    env = dict(os.environ, CKAN_INI=str(ROOT / "test.ini"))
    proc = subprocess.Popen(
        [str(pathlib.Path(sys.executable).with_name("gunicorn")), "--chdir", str(ROOT / "devstack"),
         "wsgi:application", "--workers", "2", "--bind", f"127.0.0.1:{PORT}", "--timeout", "120"],
        env=env, stdout=log, stderr=log)
    try:
        for _ in range(240):
            try:
                if requests.get(base + "/api/3/action/status_show", timeout=2).ok:
                    break
            except requests.ConnectionError:
                pass
            if proc.poll() is not None:
                pytest.fail(f"the test portal exited; see {log.name}")
            time.sleep(0.5)
        else:
            pytest.fail(f"the test portal did not answer on {base}; see {log.name}")
        yield base
    finally:
        proc.terminate()
        proc.wait(30)
        log.close()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()
