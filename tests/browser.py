"""A small helper for tests that open pages in a real headless Chromium (Debian's ``chromium``).

``.ci/run`` installs the browser when it is missing; where it cannot be installed the tests that need
it skip, saying why. Each call starts a fresh browser with its own throw-away profile and the flags
that keep it off the network, so a test sees exactly what a person opening the file would see.
"""

from __future__ import annotations

import pathlib
import shutil
import subprocess
import tempfile

import pytest

NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", "--hide-scrollbars")
TIMEOUT = 120


def find() -> str | None:
    for name in NAMES:
        path = shutil.which(name)
        if path:
            return path
    return None


def require() -> str:
    """The browser's path, or skip the test with the reason."""
    path = find()
    if path is None:
        pytest.skip("headless Chromium is not installed (bash .ci/run installs Debian's chromium; "
                    "apt-get install chromium)")
    return path


def _run(*args: str) -> subprocess.CompletedProcess:
    browser = require()
    with tempfile.TemporaryDirectory(prefix="zhidu-chromium-") as profile:
        return subprocess.run([browser, *FLAGS, f"--user-data-dir={profile}", *args], capture_output=True,
                              timeout=TIMEOUT, check=False)


def dump_dom(url: str) -> str:
    """The page's DOM after it loaded, as Chromium serializes it."""
    result = _run("--dump-dom", url)
    if result.returncode != 0 or not result.stdout:
        raise AssertionError(f"chromium could not load {url}: {result.stderr.decode(errors='replace')[-2000:]}")
    return result.stdout.decode("utf-8")


def screenshot(url: str, out: pathlib.Path, *, width: int = 1280, height: int = 1600) -> pathlib.Path:
    """A PNG of what a person sees at ``width`` × ``height``."""
    result = _run(f"--window-size={width},{height}", f"--screenshot={out}", url)
    if result.returncode != 0 or not out.is_file():
        raise AssertionError(f"chromium could not screenshot {url}: {result.stderr.decode(errors='replace')[-2000:]}")
    return out
