"""Fingerprints and baselines: findings a branch has already dealt with on paper.

A branch adopting zhidu late has findings it cannot fix any more (a meeting not held in 2024 stays
not held). ``zhidu check --write-baseline FILE`` records them; ``--baseline FILE`` then leaves them
out and reports the entries that no longer occur, so a baseline shrinks as records are put right
and never hides a new problem.

A finding is matched by its code, its file and a fingerprint that survives unrelated edits: it
hashes the text of the line the finding points at (not its number, which moves whenever a line is
added above) and the facts that say *which* problem it is (the period, the body, the group, the
member…) — never the message, which is worded in the report's language and counts days or months
that grow with the as-of date. Period findings all stand on one line of ``zhidu.yaml``, so they are
told apart by their period, body and group alone. The same fingerprint is GitLab's Code Quality
``fingerprint`` and SARIF's ``partialFingerprints``, so those tools track a finding across pushes too.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections import Counter
from dataclasses import dataclass
from typing import Any, Callable, Iterable

from zhidu_cli.diagnostics.finding import Finding, Location

#: The baseline file format; bumped only if an entry's keys change meaning.
BASELINE_VERSION = 1

#: Facts that identify a finding rather than measure it (``days_overdue``, ``months`` and ``amount``
#: grow with the as-of date; these do not).
IDENTITY_FACTS = ("period_start", "body", "group", "member", "meeting", "decision", "field", "code", "target",
                  "subject", "key")


def _identity(finding: Finding) -> str:
    facts = finding.facts or {}
    return "\0".join(f"{key}={facts[key]}" for key in IDENTITY_FACTS if key in facts)


def fingerprint_of(finding: Finding, line_text: str = "") -> str:
    """sha256 of the code, the repository-relative path, the pointed-at line's text (for findings that
    are not about a period) and the identifying facts."""
    anchor = "" if "period_start" in (finding.facts or {}) else line_text.strip()
    key = "\0".join((finding.code, finding.location.path, anchor, _identity(finding)))
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def with_fingerprints(findings: Iterable[Finding], line_of: Callable[[Location], str]) -> list[Finding]:
    """Each finding with its fingerprint; a repeated one gets ``#2``, ``#3``… so every id is unique
    (GitLab drops issues with equal fingerprints) while the first keeps the plain one."""
    seen: Counter[str] = Counter()
    out = []
    for finding in findings:
        base = fingerprint_of(finding, line_of(finding.location))
        seen[base] += 1
        fp = base if seen[base] == 1 else hashlib.sha256(f"{base}#{seen[base]}".encode()).hexdigest()
        out.append(dataclasses.replace(finding, fingerprint=fp))
    return out


@dataclass(frozen=True)
class Entry:
    code: str
    path: str
    fingerprint: str
    line: int          # where the entry stands in the baseline file, for reporting it


class BaselineError(ValueError):
    """A baseline file that cannot be read: a usage error (exit 2)."""


def write_baseline(findings: Iterable[Finding]) -> str:
    """The baseline file: JSON, one entry per line (so a stale entry can be reported by its line and a
    diff shows one line per finding), each with the message in the report's words for a person."""
    rows = [json.dumps({"code": f.code, "path": f.location.path, "fingerprint": f.fingerprint,
                        "message": f.message.splitlines()[0] if f.message else ""}, ensure_ascii=False)
            for f in sorted(findings, key=lambda f: f.sort_key)]
    body = ",\n".join(f"    {row}" for row in rows)
    return (f'{{\n  "zhidu_baseline": {BASELINE_VERSION},\n  "findings": [\n'
            + (body + "\n" if rows else "") + "  ]\n}\n")


def read_baseline(text: str) -> list[Entry]:
    """Entries of a baseline file, each with its line number; raises :class:`BaselineError`."""
    try:
        data: Any = json.loads(text)
    except json.JSONDecodeError as error:
        raise BaselineError(f"not JSON: {error.msg} at line {error.lineno} / 不是 JSON") from None
    if not isinstance(data, dict) or data.get("zhidu_baseline") != BASELINE_VERSION \
            or not isinstance(data.get("findings"), list):
        raise BaselineError("not a zhidu baseline (written by zhidu check --write-baseline) / "
                            "不是 zhidu 基线文件（应由 zhidu check --write-baseline 生成）")
    lines = text.splitlines()
    entries = []
    cursor = 0
    for item in data["findings"]:
        if not (isinstance(item, dict) and all(isinstance(item.get(k), str) for k in ("code", "path", "fingerprint"))):
            raise BaselineError(f"an entry lacks code, path or fingerprint: {item!r} / 条目缺少 code、path 或 fingerprint")
        needle = f'"{item["fingerprint"]}"'
        while cursor < len(lines) and needle not in lines[cursor]:
            cursor += 1
        line = cursor + 1 if cursor < len(lines) else 0
        cursor = min(cursor + 1, len(lines)) if line else 0
        entries.append(Entry(item["code"], item["path"], item["fingerprint"], line))
    return entries


def apply_baseline(findings: Iterable[Finding], entries: Iterable[Entry]) -> tuple[list[Finding], list[Entry]]:
    """The findings not in the baseline, and the baseline entries that matched no finding."""
    waiting: dict[tuple[str, str, str], list[Entry]] = {}
    for entry in entries:
        waiting.setdefault((entry.code, entry.path, entry.fingerprint), []).append(entry)
    kept = []
    for finding in findings:
        matches = waiting.get((finding.code, finding.location.path, finding.fingerprint))
        if matches:
            matches.pop(0)
        else:
            kept.append(finding)
    stale = sorted((e for left in waiting.values() for e in left), key=lambda e: e.line)
    return kept, stale
