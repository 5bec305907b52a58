"""The output formats of ``zhidu check``: pure functions from a :class:`Report` to text.

Every formatter returns the complete text, ending in a newline (the human formats of an empty report: none), so the CLI writes it as is
(``typer.echo(text, nl=False)``) and tests compare it byte for byte with golden files. None of them
reads the clock, the environment or the files: the as-of date, the language and the repository come
from the report, and the one optional look at the records (the source line under a finding in the
``full`` format) is a function the caller passes in.

Paths. A :class:`Location` path is relative to the records repository. The formats people and CI
systems click on — ``full``, ``concise``, ``github``, ``gitlab`` and ``sarif`` — show it as seen from
where ``zhidu`` ran (``report.repo`` joined in front, see :func:`display_path`), so that
``zhidu check examples/records`` prints ``examples/records/members/…`` and GitHub and GitLab attach
the annotation to the right file. The ``json`` format keeps the repository-relative path and states
the repository once at the top, which is what a program reading it wants.
"""

from __future__ import annotations

import datetime as dt
import decimal
import enum
import html
import json
import posixpath
import unicodedata
from collections import Counter
from collections.abc import Callable, Mapping
from pathlib import PurePosixPath, PureWindowsPath
from typing import Any
from urllib.parse import quote

import zhidu_cli
from zhidu_cli.diagnostics.baseline import fingerprint_of
from zhidu_cli.diagnostics.finding import Finding, Location, Severity
from zhidu_cli.diagnostics.report import Report, RuleInfo

FORMATS = ("full", "concise", "json", "github", "gitlab", "sarif")

#: Bumped only when a key of the ``json`` format changes meaning or disappears; new keys do not bump it.
JSON_FORMAT_VERSION = 1

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_VERSION = "2.1.0"
#: Where a SARIF viewer sends someone who asks "what is this tool?": the package's registry page.
INFORMATION_URI = "https://pypi.org/project/zhidu-cli/"

#: A step summary is capped at 1 MiB by GitHub; this many rows stays far below it.
STEP_SUMMARY_MAX_ROWS = 500

SourceLines = Callable[[str], "list[str] | None"]

# Words of the human formats, by language. Severity names in Chinese are the ones Severity.parse accepts.
_WORDS: dict[str, dict[str, str]] = {
    "zh": {
        "error": "错误", "warning": "警告", "info": "提示",
        "citation": "依据", "hint": "建议", "related": "相关",
        "location": "位置", "code": "代码", "message": "说明", "severity": "级别",
        "more": "另有 {n} 条未列出，请看运行日志。",
    },
    "en": {
        "error": "error", "warning": "warning", "info": "info",
        "citation": "citation", "hint": "hint", "related": "related",
        "location": "location", "code": "code", "message": "message", "severity": "severity",
        "more": "{n} more not listed here: see the job log.",
    },
}


def _words(report: Report) -> dict[str, str]:
    return _WORDS["en" if report.lang == "en" else "zh"]


def format_report(report: Report, fmt: str, *, source_lines: SourceLines | None = None) -> str:
    """Render ``report`` in one of :data:`FORMATS`; ``source_lines`` only matters to ``full``."""
    if fmt == "full":
        return format_full(report, source_lines=source_lines)
    formatter = {
        "concise": format_concise,
        "json": format_json,
        "github": format_github,
        "gitlab": format_gitlab,
        "sarif": format_sarif,
    }.get(fmt)
    if formatter is None:
        raise ValueError(f"unknown output format {fmt!r}: use one of {', '.join(FORMATS)}")
    return formatter(report)


# ── shared pieces ────────────────────────────────────────────────────────────────────────────────


def ordered(report: Report) -> list[Finding]:
    """The findings in report order (path, line, column, code, message), whatever order they came in."""
    return sorted(report.findings, key=lambda f: f.sort_key)


def display_path(report: Report, path: str) -> str:
    """``path`` (relative to the records repository) as seen from where zhidu ran.

    ``report.repo`` is the repository as the user gave it, so joining the two gives a path that a
    terminal, an editor, GitHub or GitLab resolves from the working directory; ``.`` adds nothing.
    """
    repo = report.repo.replace("\\", "/").rstrip("/")
    if repo in ("", "."):
        return path
    return posixpath.normpath(posixpath.join(repo, path))


def _column(location: Location) -> int:
    """1-based column; a finding on a line without a known column points at its start (as ``str`` does)."""
    return (location.column or 1) if location.line else 0


def _where(report: Report, location: Location) -> str:
    path = display_path(report, location.path)
    return f"{path}:{location.line}:{_column(location)}" if location.line else path


def _one_line(text: str) -> str:
    """A message on one line: the concise list is one finding per line, whatever the message holds.

    It also keeps a message from starting a line with ``::``, which GitHub would run as a command.
    """
    return " ".join(part.strip() for part in text.splitlines() if part.strip())


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def left_out_sentence(files: int, entries: int, as_of, lang: str) -> str:
    """Said once when an explicit as-of date left later records out (issue 8.3); '' when nothing was."""
    if not files and not entries:
        return ""
    if lang == "en":
        parts = [_plural(files, "file")] if files else []
        parts += [f"{entries} entr{'y' if entries == 1 else 'ies'} in other files"] if entries else []
        return (f"{' and '.join(parts)} dated after {as_of} left out: treated as not yet written "
                "(check without --as-of to see them)")
    parts = [f"{files} 个文件"] if files else []
    parts += [f"其他文件中的 {entries} 条记录"] if entries else []
    return f"晚于检查日期 {as_of} 的{'和'.join(parts)}视为尚未写入，未参与检查"


def summary_line(report: Report, *, timeless: bool = False) -> str:
    """The closing line of every human format: files read and not read, findings by severity, the as-of
    date (or, for ``--timeless``, that only date-independent rules ran) — and, after an explicit past as-of
    date, what was left out as not yet written. A workspace's branch puts its id in front."""
    line = report.prefix + _counts_line(report, timeless)
    later = left_out_sentence(len(report.left_out_files), report.left_out_entries, report.as_of, report.lang)
    return f"{line}\n{report.prefix}{later}" if later else line


def _counts_line(report: Report, timeless: bool) -> str:
    files = report.files_checked
    as_of = report.as_of.isoformat()
    errors, warnings, infos = (report.count(s) for s in (Severity.ERROR, Severity.WARNING, Severity.INFO))
    unread = report.files_unread
    if report.lang == "en":
        when = "date-independent rules" if timeless else f"as of {as_of}"
        checked = f"Checked {_plural(files, 'file')}" + (f" ({unread} not read)" if unread else "")
        if not report.findings:
            return f"{checked}: no problems ({when})"
        return (f"{checked}: {_plural(errors, 'error')}, "
                f"{_plural(warnings, 'warning')}, {_plural(infos, 'info')} ({when})")
    when = "与日期无关的规则" if timeless else f"截至 {as_of}"
    checked = f"检查了 {files} 个文件" + (f"（{unread} 个未能读取）" if unread else "")
    if not report.findings:
        return f"{checked}，未发现问题（{when}）"
    return f"{checked}：{errors} 个错误，{warnings} 个警告，{infos} 条提示（{when}）"


# ── concise and full ─────────────────────────────────────────────────────────────────────────────


def _concise_line(report: Report, finding: Finding) -> str:
    severity = _words(report)[finding.severity.label]
    return f"{report.prefix}{_where(report, finding.location)}: {finding.code} {_one_line(finding.message)} [{severity}]"


def format_concise(report: Report) -> str:
    """One line per finding, ``path:line:col: CODE message [severity]`` — nothing else, so ``| grep``,
    ``| wc -l`` and ``| head`` see findings only (the CLI prints :func:`summary_line` to stderr)."""
    return "".join(_concise_line(report, f) + "\n" for f in ordered(report))


def _display_width(text: str) -> int:
    """Terminal columns taken by ``text``: a Chinese character is two wide, so a caret under it must move two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _snippet(finding: Finding, source_lines: SourceLines | None) -> list[str]:
    """The offending line with a caret under the column, rustc style; nothing when it cannot be shown."""
    location = finding.location
    if source_lines is None or not location.line:
        return []
    lines = source_lines(location.path)
    if not lines or location.line > len(lines):
        return []
    text = lines[location.line - 1].rstrip("\r\n").replace("\t", " ")
    number = str(location.line)
    gutter = " " * (len(number) + 1)
    caret = " " * _display_width(text[: _column(location) - 1]) + "^"
    return [f"{gutter}|", f"{number} | {text}".rstrip(), f"{gutter}| {caret}"]


def _full_block(report: Report, finding: Finding, source_lines: SourceLines | None) -> list[str]:
    words = _words(report)
    first, *rest = finding.message.splitlines() or [""]
    block = [f"{report.prefix}{_where(report, finding.location)}: {finding.severity.letter} {finding.code} {first}"]
    block += [f"  {line}" for line in rest]
    snippet = _snippet(finding, source_lines)
    block += snippet
    indent = " " * (len(str(finding.location.line)) + 1) if snippet else "  "
    if finding.citation:
        block.append(f"{indent}= {words['citation']}: {finding.citation}")
    if finding.hint:
        block.append(f"{indent}= {words['hint']}: {_one_line(finding.hint)}")
    block += [f"{indent}= {words['related']}: {_where(report, r)}" for r in finding.related]
    return block


def format_full(report: Report, *, source_lines: SourceLines | None = None) -> str:
    """Each finding as a block — header, optional source line with a caret, citation, hint, related
    places — blocks separated by a blank line; no findings, no text (the CLI prints :func:`summary_line`
    to stderr: it is for the person at the terminal, not for a pipe).

    ``source_lines(path)`` gets a repository-relative path and returns the file's lines (or ``None``
    when it cannot); passing it is the caller's choice because the line may hold private fields.
    """
    blocks = ["\n".join(_full_block(report, f, source_lines)) for f in ordered(report)]
    return "\n\n".join(blocks) + "\n" if blocks else ""


# ── statistics ───────────────────────────────────────────────────────────────────────────────────


def statistics(report: Report) -> list[dict[str, Any]]:
    """A count per code, most frequent first (then by code), with the rule's name and severity."""
    counts = Counter(f.code for f in report.findings)
    first: dict[str, Finding] = {}
    for f in ordered(report):
        first.setdefault(f.code, f)
    return [{"code": code, "name": first[code].name, "severity": first[code].severity.label, "count": n}
            for code, n in sorted(counts.items(), key=lambda item: (-item[1], item[0]))]


def format_statistics(report: Report, fmt: str) -> str:
    """``--statistics``: as ruff prints it (count, code, name, tab-separated), or a JSON list for ``json``."""
    rows = statistics(report)
    if fmt == "json":
        return _dump(rows)
    width = len(str(max((row["count"] for row in rows), default=0)))
    return "".join(f"{row['count']:>{width}}\t{row['code']}\t{row['name']}\n" for row in rows)


# ── json ─────────────────────────────────────────────────────────────────────────────────────────


def json_safe(value: Any) -> Any:
    """``value`` as JSON can hold it, the same on every run.

    Dates become ISO text, Decimal its exact text (never a float), enums their value (a Severity its
    label, not its number), sets sorted lists, tuples lists, locations their ``path:line:col``.
    """
    if isinstance(value, Severity):
        return value.label
    if isinstance(value, enum.Enum):
        return json_safe(value.value)
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, Location):
        return str(value)
    if isinstance(value, Mapping):
        return {str(k): json_safe(v) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))}
    if isinstance(value, (set, frozenset)):
        return sorted((json_safe(v) for v in value), key=lambda v: json.dumps(v, ensure_ascii=False))
    if isinstance(value, (list, tuple)):
        return [json_safe(v) for v in value]
    return str(value)


def _location_json(location: Location) -> dict[str, Any]:
    return {"path": location.path, "line": location.line, "column": _column(location)}


def _finding_json(finding: Finding) -> dict[str, Any]:
    return {
        "code": finding.code,
        "name": finding.name,
        "severity": finding.severity.label,
        **_location_json(finding.location),
        "message": finding.message,
        "hint": finding.hint,
        "citation": finding.citation,
        "related": [_location_json(r) for r in finding.related],
        "facts": json_safe(finding.facts),
        "fingerprint": fingerprint(finding),
    }


def report_json(report: Report) -> dict[str, Any]:
    """The ``json`` format as a Python value (for callers that embed it rather than print it)."""
    return {
        "format_version": JSON_FORMAT_VERSION,
        "tool": "zhidu",
        "version": zhidu_cli.__version__,
        "as_of": report.as_of.isoformat(),
        "repo": report.repo,
        "lang": report.lang,
        **({"branch": report.branch} if report.branch else {}),
        "summary": {
            "files": report.files_checked,
            "unread": report.files_unread,
            "error": report.count(Severity.ERROR),
            "warning": report.count(Severity.WARNING),
            "info": report.count(Severity.INFO),
        },
        "findings": [_finding_json(f) for f in ordered(report)],
    } | ({"left_out": {"files": list(report.left_out_files), "entries": report.left_out_entries}}
         if report.left_out_files or report.left_out_entries else {})


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2) + "\n"


def format_json(report: Report) -> str:
    """The report as one JSON document (``format_version`` 1), paths relative to ``repo``."""
    return _dump(report_json(report))


# ── github ───────────────────────────────────────────────────────────────────────────────────────

_GITHUB_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def github_escape_data(text: str) -> str:
    """Escape the message of a workflow command as the Actions runner unescapes it."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def github_escape_property(text: str) -> str:
    """Escape a property value (file, title): as data, plus the ``:`` and ``,`` that delimit properties."""
    return github_escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_annotation(report: Report, finding: Finding) -> str:
    """One ``::error``/``::warning``/``::notice`` workflow command; a whole-file finding has no line."""
    location = finding.location
    props = [("file", display_path(report, location.path))]
    if location.line:
        props += [("line", str(location.line)), ("col", str(_column(location)))]
    props.append(("title", f"{report.prefix}{finding.code} {finding.name}".strip()))
    data = f"{finding.message} ({finding.citation})" if finding.citation else finding.message
    joined = ",".join(f"{key}={github_escape_property(value)}" for key, value in props)
    return f"::{_GITHUB_COMMAND[finding.severity]} {joined}::{github_escape_data(data)}"


def format_github(report: Report) -> str:
    """Workflow commands only, one per finding — stdout is for the runner to read.

    GitHub shows only the first ten annotations of a step, so the CLI also writes the concise list
    and the summary line to stderr, which the job log shows alongside.
    """
    return "".join(github_annotation(report, f) + "\n" for f in ordered(report))


def _md_cell(text: str) -> str:
    """Text safe inside a Markdown table cell: no HTML, no column break, line breaks kept as ``<br>``."""
    return "<br>".join(html.escape(line, quote=False).replace("|", "\\|") for line in text.splitlines())


def github_step_summary(report: Report, *, timeless: bool = False) -> str:
    """Markdown for ``$GITHUB_STEP_SUMMARY``: the summary line, counts, and a table of the findings."""
    words = _words(report)
    parts = ["## zhidu check", "", summary_line(report, timeless=timeless)]
    findings = ordered(report)
    if findings:
        heads = [words["error"], words["warning"], words["info"]]
        counts = [str(report.count(s)) for s in (Severity.ERROR, Severity.WARNING, Severity.INFO)]
        parts += ["", "| " + " | ".join(heads) + " |", "|---:|---:|---:|", "| " + " | ".join(counts) + " |"]
        header = [words[k] for k in ("severity", "location", "code", "message", "citation")]
        parts += ["", "| " + " | ".join(header) + " |", "|---|---|---|---|---|"]
        for f in findings[:STEP_SUMMARY_MAX_ROWS]:
            cells = [words[f.severity.label], f"`{_where(report, f.location)}`", f.code,
                     _md_cell(f.message), _md_cell(f.citation)]
            parts.append("| " + " | ".join(cells) + " |")
        if len(findings) > STEP_SUMMARY_MAX_ROWS:
            parts += ["", words["more"].format(n=len(findings) - STEP_SUMMARY_MAX_ROWS)]
    return "\n".join(parts) + "\n"


# ── gitlab ───────────────────────────────────────────────────────────────────────────────────────

_GITLAB_SEVERITY = {Severity.INFO: "info", Severity.WARNING: "minor", Severity.ERROR: "major"}


def fingerprint(finding: Finding) -> str:
    """A stable id of a finding across runs and unrelated edits (see :mod:`zhidu_cli.diagnostics.baseline`);
    a finding made without one (in a test) gets it from its code, path and facts alone."""
    return finding.fingerprint or fingerprint_of(finding)


def format_gitlab(report: Report) -> str:
    """A GitLab Code Quality report (a JSON array of issues) for ``artifacts:reports:codequality``."""
    issues = [
        {
            "description": f"{report.prefix}{f.code}: {f.message}",
            "check_name": f.code,
            "fingerprint": fingerprint(f),
            "severity": _GITLAB_SEVERITY[f.severity],
            # GitLab needs a line; a whole-file finding is shown on the first.
            "location": {"path": display_path(report, f.location.path),
                         "lines": {"begin": max(f.location.line, 1)}},
        }
        for f in ordered(report)
    ]
    return _dump(issues)


# ── sarif ────────────────────────────────────────────────────────────────────────────────────────

_SARIF_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def sarif_rules(report: Report) -> list[RuleInfo]:
    """The rule table: the rules that ran, in report order, plus a minimal entry for any code that
    produced a finding without being among them (an internal error, a loader problem), so every
    result's ``ruleIndex`` has a rule to point at."""
    table: dict[str, RuleInfo] = {}
    for rule in report.rules:
        table.setdefault(rule.code, rule)
    for f in ordered(report):
        if f.code not in table:
            summary = f.name or f.code
            table[f.code] = RuleInfo(code=f.code, name=f.name or f.code, family="", summary_zh=summary,
                                     summary_en=summary, citation=f.citation, severity=f.severity)
    return list(table.values())


def _uri(report: Report, path: str) -> dict[str, str]:
    """A SARIF artifact location: relative to SRCROOT (where zhidu ran), or a file URI when absolute."""
    shown = display_path(report, path)
    for flavour in (PurePosixPath, PureWindowsPath):
        if flavour(shown).is_absolute():
            return {"uri": flavour(shown).as_uri()}
    return {"uri": quote(shown, safe="/"), "uriBaseId": "SRCROOT"}


def _sarif_location(report: Report, location: Location) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": _uri(report, location.path)}
    if location.line:
        physical["region"] = {"startLine": location.line, "startColumn": _column(location)}
    return {"physicalLocation": physical}


def _sarif_rule(rule: RuleInfo, lang: str) -> dict[str, Any]:
    words = _WORDS[lang]
    summary = rule.summary_en if lang == "en" else rule.summary_zh
    cited = f"{words['citation']}: {rule.citation}" if rule.citation else ""
    entry: dict[str, Any] = {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": summary},
        "fullDescription": {"text": f"{summary} ({cited})" if cited else summary},
        "help": {"text": f"{rule.code} {rule.name}: {summary}" + (f"\n{cited}" if cited else "")},
        "defaultConfiguration": {"level": _SARIF_LEVEL[rule.severity]},
    }
    if rule.family:
        entry["properties"] = {"tags": [rule.family]}
    return entry


def _sarif_result(report: Report, finding: Finding, index: int) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": finding.code,
        "ruleIndex": index,
        "level": _SARIF_LEVEL[finding.severity],
        "message": {"text": report.prefix + finding.message},
        "locations": [_sarif_location(report, finding.location)],
        "partialFingerprints": {"zhidu/v1": fingerprint(finding)},
    }
    if finding.related:
        result["relatedLocations"] = [
            {"id": i, **_sarif_location(report, r)} for i, r in enumerate(finding.related)
        ]
    properties = {k: v for k, v in (("citation", finding.citation), ("hint", finding.hint)) if v}
    if properties:
        result["properties"] = properties
    return result


def sarif_document(report: Report) -> dict[str, Any]:
    """The ``sarif`` format as a Python value: SARIF 2.1.0, one run.

    Columns count Unicode code points (what the YAML loader reports), which SARIF must be told,
    its default being UTF-16 code units.
    """
    lang = "en" if report.lang == "en" else "zh"
    rules = sarif_rules(report)
    index = {rule.code: i for i, rule in enumerate(rules)}
    driver = {
        "name": "zhidu",
        "version": zhidu_cli.__version__,
        "informationUri": INFORMATION_URI,
        "rules": [_sarif_rule(rule, lang) for rule in rules],
    }
    run = {
        "tool": {"driver": driver},
        "columnKind": "unicodeCodePoints",
        "results": [_sarif_result(report, f, index[f.code]) for f in ordered(report)],
        "properties": {"as_of": report.as_of.isoformat(), "lang": lang},
    }
    if report.branch:     # one run per branch of a workspace, told apart by this id
        run["automationDetails"] = {"id": f"zhidu/{report.branch}/"}
    return {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}


def format_sarif(report: Report) -> str:
    """SARIF 2.1.0 for code-scanning tools (GitHub's upload-sarif and others)."""
    return _dump(sarif_document(report))
