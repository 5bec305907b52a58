"""A real headless browser for tests that must see what a person sees or prints.

Reusable by any test: :func:`find` says where Debian's ``chromium`` (or Google Chrome) is
(``$CHROMIUM`` overrides), :func:`require` skips the calling test with a clear reason when no
browser can be had, :func:`dump_dom` and :func:`screenshot` open a page, :func:`print_to_pdf`
prints one as the print dialog would, and :func:`pdf_pages_text` / :func:`word_boxes` read the
printed pages back. ``.ci/run`` installs ``chromium`` (and poppler's ``pdftotext``) when missing (as
root, from Debian's registry), so in CI these tests run; on a laptop without a browser they are
skipped, never failed.

Each launch gets a fresh throw-away ``--user-data-dir`` (parallel runs never share a profile lock)
and the flags that keep it off the network and working inside a container.
"""

from __future__ import annotations

import os
import pathlib
import re
import shutil
import subprocess
import tempfile

import pytest

NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", "--hide-scrollbars")
PRINT_FLAGS = ("--no-pdf-header-footer",)     # as a secretary prints: no URL and date in the margins
TIMEOUT = 120


def find() -> str | None:
    """The path of a Chromium-family browser, or ``None``. ``$CHROMIUM`` wins when it is set."""
    chosen = os.environ.get("CHROMIUM")
    if chosen:
        return shutil.which(chosen) or (chosen if pathlib.Path(chosen).is_file() else None)
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
                    "apt-get install chromium, or set CHROMIUM=/path)")
    return path


find_chromium, require_chromium = find, require


def _run(*args: str, browser: str | None = None) -> subprocess.CompletedProcess:
    browser = browser or require()
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


def print_to_pdf(html_file: pathlib.Path, pdf_file: pathlib.Path, *, browser: str | None = None) -> pathlib.Path:
    """Print ``html_file`` to ``pdf_file`` as the browser's print dialog would (page size from ``@page``)."""
    result = _run(*PRINT_FLAGS, f"--print-to-pdf={pdf_file}", pathlib.Path(html_file).resolve().as_uri(),
                  browser=browser)
    if not pdf_file.is_file() or pdf_file.stat().st_size == 0:
        raise AssertionError(f"chromium printed no PDF (exit {result.returncode}):\n"
                             f"{result.stderr.decode(errors='replace')[-2000:]}")
    return pdf_file


def pdf_pages_text(pdf_file: pathlib.Path) -> list[str]:
    """The text of each page, via ``pdftotext`` (poppler) when present, else pypdf."""
    tool = shutil.which("pdftotext")
    if tool:
        done = subprocess.run([tool, "-layout", "-enc", "UTF-8", str(pdf_file), "-"], capture_output=True,
                              check=True)
        pages = done.stdout.decode("utf-8").split("\f")
        return pages[:-1] if pages and not pages[-1].strip() else pages
    pypdf = pytest.importorskip("pypdf", reason="neither pdftotext nor pypdf to read the PDF")
    return [page.extract_text() or "" for page in pypdf.PdfReader(str(pdf_file)).pages]


def word_boxes(pdf_file: pathlib.Path, word: str) -> list[tuple[int, float, float]]:
    """(page number from 1, x, y) of every occurrence of ``word`` as poppler's ``pdftotext -bbox``
    sees it — where a person sees it on the page. Skips the test when pdftotext is missing."""
    tool = shutil.which("pdftotext")
    if tool is None:
        pytest.skip("pdftotext (poppler-utils) is not installed; .ci/run installs it")
    done = subprocess.run([tool, "-bbox", str(pdf_file), "-"], capture_output=True, check=True)
    found, page = [], 0
    for line in done.stdout.decode("utf-8").splitlines():
        if "<page " in line:
            page += 1
        match = re.search(r'<word xMin="([\d.]+)" yMin="([\d.]+)"[^>]*>(.*)</word>', line)
        if match and match.group(3) == word:
            found.append((page, float(match.group(1)), float(match.group(2))))
    return found
