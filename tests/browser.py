"""A real headless Chromium for page tests, driven by Playwright, with every network request blocked and recorded."""

from __future__ import annotations

import os
import shutil
from contextlib import contextmanager
from pathlib import Path

import pytest

OUTPUT = Path(__file__).resolve().parents[1] / "test-output"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def chromium_path() -> str:
    names = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
    found = os.environ.get("KAMGRAPH_CHROMIUM") or next(filter(None, map(shutil.which, names)), None)
    if not found:
        if os.environ.get("CI"):
            pytest.fail("no Chromium in CI: .ci/run installs Debian's chromium")
        pytest.skip("no Chromium here (apt-get install chromium, or set KAMGRAPH_CHROMIUM)")
    return found


class Page:
    """A loaded page with what it logged and asked for."""

    def __init__(self, page):
        self.page = page
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.dialogs: list[str] = []


@contextmanager
def open_page(path: Path, viewport=(1400, 900)):
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": viewport[0], "height": viewport[1]})
            seen = Page(page)
            page.on("console", lambda m: seen.errors.append(m.text) if m.type == "error" else None)
            page.on("pageerror", lambda e: seen.errors.append(str(e)))

            def dialog(d):
                seen.dialogs.append(d.message)
                d.dismiss()

            page.on("dialog", dialog)

            def route(r):
                if r.request.url.startswith("file://") and r.request.url.endswith(path.name):
                    r.continue_()
                else:
                    seen.requests.append(r.request.url)
                    r.abort()

            page.route("**/*", route)
            page.goto(path.as_uri())
            yield seen
        finally:
            browser.close()
