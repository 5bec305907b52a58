"""What every generated site must satisfy, shared by the site tests (static and in the browser)."""

from __future__ import annotations

import html.parser
import pathlib
import re
from urllib.parse import unquote, urlsplit

PRIVATE_KEYS = ("phone", "id_number")
_PRIVATE = re.compile(r"""\b(?:phone|id_number)\s*:\s*["']?([0-9A-Za-z-]{6,})""")


class Links(html.parser.HTMLParser):
    """Every href/src and every id of one HTML document."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.scripts = 0

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if tag == "script":
            self.scripts += 1
        for key in ("href", "src"):
            if values.get(key):
                self.links.append(values[key])
        if values.get("id"):
            self.ids.add(values["id"])


def parse(text: str) -> Links:
    parser = Links()
    parser.feed(text)
    return parser


def broken_links(page: pathlib.Path, text: str | None = None, *, cache: dict | None = None) -> list[str]:
    """The links of ``page`` that do not resolve to a file of the site (and fragment within it)."""
    cache = {} if cache is None else cache
    links = parse(text if text is not None else page.read_text("utf-8"))
    broken = []
    for link in links.links:
        parts = urlsplit(link)
        if parts.scheme or parts.netloc:
            broken.append(f"{link} (leaves the site)")
            continue
        target = (page.parent / unquote(parts.path)).resolve() if parts.path else page.resolve()
        if not target.is_file():
            broken.append(link)
            continue
        if parts.fragment:
            if target not in cache:
                cache[target] = parse(target.read_text("utf-8")).ids
            if unquote(parts.fragment) not in cache[target]:
                broken.append(f"{link} (no such anchor)")
    return broken


def private_values(records: pathlib.Path) -> set[str]:
    """Every phone and ID number written in the records under ``records`` (any branch)."""
    found = set()
    for path in records.rglob("*.yaml"):
        for match in _PRIVATE.finditer(path.read_text("utf-8")):
            found.add(match.group(1))
    return found


def leaks(site: pathlib.Path, secrets: set[str]) -> list[str]:
    """Files of the site in which any of ``secrets`` appears."""
    found = []
    for path in site.rglob("*"):
        if path.is_file():
            text = path.read_bytes().decode("utf-8", errors="replace")
            found.extend(f"{path.relative_to(site)}: {s}" for s in secrets if s in text)
    return found


def check_site(site: pathlib.Path, records: pathlib.Path) -> int:
    """Every link of every page resolves, no page has a script, no phone or ID number appears. Returns the
    number of pages."""
    pages = sorted(site.rglob("*.html"))
    cache: dict = {}
    problems = []
    for page in pages:
        text = page.read_text("utf-8")
        problems += [f"{page.relative_to(site)}: {link}" for link in broken_links(page, text, cache=cache)]
        if "<script" in text:
            problems.append(f"{page.relative_to(site)}: has a script")
    secrets = private_values(records)
    assert secrets, "the records under test hold no phone or ID number: the privacy check would prove nothing"
    problems += leaks(site, secrets)
    assert not problems, "\n".join(problems[:40])
    return len(pages)
