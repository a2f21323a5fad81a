"""A real browser for the playground: Debian's Chromium, headless, driven by Playwright, against
``icp serve`` started on 127.0.0.1 in a subprocess.

The tox env ``browser`` sets ``ICP_REQUIRE_BROWSER=1``: then a missing Playwright or Chromium
fails the run instead of skipping it, so CI can never pass these tests by not running them.
The ``py`` env does not collect this folder. Screenshots go to ``ICP_BROWSER_ARTIFACTS``
(default ``tests/browser/artifacts/``, git-ignored)."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

HOST = "127.0.0.1"
CHROMIUM = Path(os.environ.get("ICP_CHROMIUM", "/usr/bin/chromium"))
#: Nothing that would reach the network on its own: no updates, sync, QUIC or first-run pages.
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]
REQUIRED = os.environ.get("ICP_REQUIRE_BROWSER") == "1"
START_SECONDS = 120


def _unavailable(reason: str) -> None:
    if REQUIRED:
        pytest.fail(f"ICP_REQUIRE_BROWSER=1 but {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def artifacts() -> Path:
    folder = Path(os.environ.get("ICP_BROWSER_ARTIFACTS") or Path(__file__).parent / "artifacts")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``icp serve`` over every installed plugin on a free port; its base URL."""
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        port = sock.getsockname()[1]
    log = tmp_path_factory.mktemp("serve") / "serve.log"
    env = {k: v for k, v in os.environ.items() if not k.startswith("ICP_")}
    with log.open("wb") as output:
        process = subprocess.Popen([sys.executable, "-m", "icp_core.cli", "serve", "--host", HOST, "--port", str(port)],
                                   stdout=output, stderr=subprocess.STDOUT, env=env)
    base = f"http://{HOST}:{port}"
    try:
        deadline = time.monotonic() + START_SECONDS
        while True:
            assert process.poll() is None, f"icp serve exited early:\n{log.read_text(errors='replace')}"
            try:
                with urllib.request.urlopen(base + "/healthz", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                pass
            assert time.monotonic() < deadline, "icp serve did not start"
            time.sleep(0.2)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="session")
def browser_context(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """A fresh Chromium profile (its own user-data-dir) in a persistent context."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("Playwright is not installed (dependency group `browser`)")
    if not CHROMIUM.is_file():
        _unavailable(f"{CHROMIUM} is missing (apt-get install chromium; .ci/run does)")
    profile = tmp_path_factory.mktemp("chromium-profile")
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile), executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS, headless=True,
            viewport={"width": 1400, "height": 900}, locale="en-US")
        try:
            yield context
        finally:
            context.close()
