"""``# zhidu: ignore[CODE]`` comments: drop the findings they name, report the ones that name nothing.

An unused suppression is itself a finding (SUP001): a comment that outlives its problem would silently
hide the next, unrelated one on that line.

A file that could not be read or parsed is never suppressed out of existence: the codes in
:data:`UNSUPPRESSIBLE` stand whatever the comments, ``--ignore`` or ``zhidu.yaml`` say, because
every record in such a file is missing from the checks. A comment naming one is itself reported.
"""

from __future__ import annotations

from typing import Callable, Iterable

from zhidu_cli.diagnostics.finding import Finding, Location, Problem

UNSUPPRESSIBLE = frozenset({"SCH001", "SCH002", "SCH010"})
"""Unreadable file, YAML syntax error, path not read: the record is gone, so the finding must stay."""


def apply_suppressions(findings: Iterable[Finding], files: Iterable, is_enabled: Callable[[str], bool],
                       known: Callable[[str], bool] = lambda code: True) -> tuple[list[Finding], list[Problem]]:
    """Returns the findings that stand and SUP001 problems for suppressions that matched nothing
    (variant ``unknown`` when the comment names no rule at all — a typo would otherwise hide forever)."""
    by_path = {f.path: f.suppressions for f in files if f.suppressions}
    used: set[tuple[str, int, str]] = set()
    kept: list[Finding] = []
    for finding in findings:
        if finding.code in UNSUPPRESSIBLE:
            kept.append(finding)
            continue
        hit = None
        for s in by_path.get(finding.location.path, ()):
            if finding.code in s.codes and (s.line == 0 or s.line == finding.location.line):
                hit = s
                break
        if hit is None:
            kept.append(finding)
        else:
            used.add((finding.location.path, hit.comment_line, finding.code))
    unused = [
        Problem("SUP001", Location(path, s.comment_line, s.comment_column), {"code": code},
                "unknown" if not known(code) else "unsuppressible" if code in UNSUPPRESSIBLE else "")
        for path, sups in by_path.items() for s in sups for code in s.codes
        if (path, s.comment_line, code) not in used and (is_enabled(code) or not known(code))
    ]
    return kept, unused


def apply_period_ignores(findings: Iterable[Finding], ignores: Iterable, is_enabled: Callable[[str], bool]
                         ) -> tuple[list[Finding], list[Problem]]:
    """Drop the findings that a period entry of zhidu.yaml's ``ignore:`` covers (code, period, group);
    return SUP001 problems (variant ``period``) for the entries that covered nothing."""
    ignores = list(ignores)
    used: set[int] = set()
    kept: list[Finding] = []
    for finding in findings:
        hit = next((i for i, entry in enumerate(ignores) if entry.matches(finding.code, finding.facts)), None)
        if hit is None:
            kept.append(finding)
        else:
            used.add(hit)
    unused = [Problem("SUP001", entry.location, {"code": entry.code, "period": _period_text(entry)}, "period")
              for i, entry in enumerate(ignores) if i not in used and is_enabled(entry.code)]
    return kept, unused


def _period_text(entry) -> str:
    return f"{entry.start}–{entry.end}" + (f"，{entry.group}" if entry.group else "")
