"""The report: the outcome of one ``zhidu check`` run, the only input of the formatters."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from zhidu_cli.diagnostics.finding import Finding, Severity


@dataclass(frozen=True)
class RuleInfo:
    """What a formatter (SARIF's rule table, ``zhidu rules``) needs to know about a rule."""

    code: str
    name: str
    family: str
    summary_zh: str
    summary_en: str
    citation: str
    severity: Severity
    enabled: bool = True


@dataclass(frozen=True)
class Report:
    findings: tuple[Finding, ...]          # sorted by path, line, column, code
    as_of: dt.date
    repo: str                              # the records repository path as the user gave it
    lang: str = "zh"                       # "zh" or "en"
    files_checked: int = 0                 # files read (parsed or not)
    rules: tuple[RuleInfo, ...] = field(default=())  # the rules that ran, for SARIF
    files_unread: int = 0                  # paths under the records folders not read (SCH010, SCH001 unreadable)
    left_out_files: tuple[str, ...] = ()   # files dated after an explicit as-of date: not yet written
    left_out_entries: int = 0              # entries dated after it inside the files kept

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    def worst(self) -> Severity | None:
        return max((f.severity for f in self.findings), default=None)
