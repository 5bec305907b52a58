"""A real headless browser for tests that must see what a person prints.

Reusable by any test: :func:`find_chromium` says where Debian's ``chromium`` (or Google Chrome)
is, :func:`print_to_pdf` prints an HTML file to PDF with the flags that work in a container, and
:func:`require_chromium` skips the calling test with a clear reason when no browser can be had.
``.ci/run`` installs ``chromium`` when it is missing (as root, from Debian's registry), so in CI
these tests run; on a laptop without a browser they are skipped, never failed.

Each launch gets a fresh ``--user-data-dir`` so parallel runs never share a profile lock.
"""

from __future__ import annotations

import os
import pathlib
import shutil
import subprocess
import tempfile

import pytest

# Names the browser goes by on Debian/Ubuntu, Fedora, and with Google's packages; CHROMIUM overrides.
_CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome")

FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--no-pdf-header-footer", "--hide-scrollbars", "--mute-audio",
)


def find_chromium() -> str | None:
    """The path of a Chromium-family browser, or ``None``. ``$CHROMIUM`` wins when it is set."""
    chosen = os.environ.get("CHROMIUM")
    if chosen:
        return shutil.which(chosen) or (chosen if pathlib.Path(chosen).is_file() else None)
    for name in _CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


def require_chromium() -> str:
    """The browser's path, or skip the test saying why and how to get one."""
    found = find_chromium()
    if found is None:
        pytest.skip("no headless Chromium on this machine (apt-get install chromium, or set CHROMIUM=/path); "
                    ".ci/run installs it")
    return found


def print_to_pdf(html_file: pathlib.Path, pdf_file: pathlib.Path, *, browser: str | None = None,
                 timeout: float = 120) -> pathlib.Path:
    """Print ``html_file`` to ``pdf_file`` as the browser's print dialog would (page size from ``@page``)."""
    browser = browser or require_chromium()
    with tempfile.TemporaryDirectory(prefix="zhidu-chromium-") as profile:
        command = [browser, *FLAGS, f"--user-data-dir={profile}", f"--print-to-pdf={pdf_file}",
                   pathlib.Path(html_file).resolve().as_uri()]
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    if not pdf_file.is_file() or pdf_file.stat().st_size == 0:
        raise AssertionError(f"chromium printed no PDF (exit {done.returncode}):\n{done.stderr[-2000:]}")
    return pdf_file


def word_boxes(pdf_file: pathlib.Path, word: str) -> list[tuple[int, float, float]]:
    """(page number from 1, x, y) of every occurrence of ``word`` as poppler's ``pdftotext -bbox``
    sees it — where a person sees it on the page. Skips the test when pdftotext is missing."""
    import re

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
