"""The core every command stands on: open a records repository, then check it as of a date.

``open_workspace`` runs load → build → configure once; commands (check, overdue, dues, render,
member) then ask their own questions of the same :class:`Workspace`. Everything downstream is a
function of the workspace and an as-of date — nothing reads the clock but :func:`today`.
"""

from __future__ import annotations

import dataclasses
import functools
import datetime as dt
import os
import pathlib
from dataclasses import dataclass

from zhidu_cli.cache import Store
from zhidu_cli.collector import collector_paused
from zhidu_cli.clock import CHINA, today  # noqa: F401  (the clock, re-exported)
from zhidu_cli.diagnostics.finding import Location, Problem
from zhidu_cli.diagnostics.report import Report, RuleInfo
from zhidu_cli.diagnostics.baseline import Entry, apply_baseline, with_fingerprints
from zhidu_cli.diagnostics.suppress import apply_period_ignores, apply_suppressions
from zhidu_cli.model.asof import LeftOut, records_as_of
from zhidu_cli.model.fields import YEARS
from zhidu_cli.model.records import CalendarYear
from zhidu_cli.model.repository import Records, build_records
from zhidu_cli.records.parse_cache import load_repository_cached
from zhidu_cli.records.repository import find_root, stray_folders, was_read
from zhidu_cli.rules import config as rules_config
from zhidu_cli.rules import lanes
from zhidu_cli.rules.engine import Context, run_rules, to_finding
from zhidu_cli.rules.guesses import without_guesses
from zhidu_cli.rules.registry import all_rules, by_code
from zhidu_cli.schedule.workdays import WorkCalendar, YearOverride



@dataclass(frozen=True)
class Workspace:
    root: pathlib.Path
    display: str                         # the repository path as the user gave it, for messages
    records: Records
    settings: rules_config.Settings
    calendar: WorkCalendar
    upstream: tuple[Problem, ...]        # problems found while loading and building
    left_out: LeftOut | None = None      # what an explicit as-of date left out (:func:`as_of_view`)

    @property
    def lang(self) -> str:
        return self.settings.locale


def open_workspace(path: pathlib.Path | str = ".", *, select: tuple[str, ...] | None = None,
                   ignore: tuple[str, ...] = (), lang: str | None = None, cache: bool = True,
                   display: str | None = None) -> Workspace:
    """Load and configure. Raises NotARepository or ConfigError (usage errors, exit 2).

    ``cache``: read unchanged files from the user's parse cache (:mod:`zhidu_cli.cache`). ``display`` is
    how messages name the repository (a street workspace names each branch by its path from where zhidu
    ran); by default the path as given.
    """
    given = pathlib.Path(path)
    root = find_root(given)
    store = Store.open(root) if cache else None
    with collector_paused():       # loading: millions of objects, no cycles (zhidu_cli.collector)
        build = functools.partial(build_records, str(root))
        records, problems = build(load_repository_cached(root, store, build))   # streamed: nodes go once built
    problems += stray_folders(root)
    settings = rules_config.resolve(records.config, select=select, ignore=ignore, locale=lang)
    calendar, calendar_problems = _calendar(records)
    if display is None:
        display = str(given) if given.resolve() == root else os.path.relpath(root)
    return Workspace(root, display, records, settings, calendar, tuple(problems + calendar_problems))


def as_of_view(ws: Workspace, day: dt.date) -> Workspace:
    """The workspace as it stood on ``day``: records dated later are treated as not yet written (issue 8.3).

    Every command given an explicit ``--as-of`` works on this view, so "were we compliant at the end
    of October?" is answered as October would have answered it; problems found while loading files
    that are left out are left out too. Without an explicit date there is no view, and REF005 reports
    a fact dated after today.
    """
    records, left_out = records_as_of(ws.records, day)
    gone = set(left_out.files)
    upstream = tuple(p for p in ws.upstream if p.location.path not in gone)
    return dataclasses.replace(ws, records=records, upstream=upstream, left_out=left_out)


def _calendar(records: Records) -> tuple[WorkCalendar, list[Problem]]:
    """calendar.yaml's years as overrides; a year given twice or outside :data:`YEARS` is a located
    finding and is not used (the first of two is kept), never an exception."""
    overrides, problems = [], []
    seen: dict[int, CalendarYear] = {}
    for year in records.calendar.years if records.calendar else ():
        if year.year not in YEARS:
            problems.append(Problem("SCH007", year.where("year"), {"field": "year", "value": str(year.year)}, "year"))
            continue
        if year.year in seen:
            problems.append(Problem("REF002", year.where("year"), {"id": str(year.year)},
                                    related=(seen[year.year].where("year"),)))
            continue
        seen[year.year] = year
        try:
            overrides.append(YearOverride(year.year, frozenset(year.holidays), frozenset(year.workdays)))
        except ValueError as error:
            problems.append(Problem("SCH007", year.loc, {"field": "years", "value": str(error)}, "calendar"))
    return WorkCalendar().with_overrides(overrides), problems


def context_factory(ws: Workspace, as_of: dt.date):
    memo: dict = {}

    def make(rule, setting) -> Context:
        return Context(rule, ws.records, as_of, setting, settings=ws.settings, calendar=ws.calendar, memo=memo)

    return make


def check(ws: Workspace, as_of: dt.date) -> Report:
    """Run every enabled rule over the workspace; the one core of ``zhidu check``.

    The rules run with the cyclic collector paused, like loading (:func:`~zhidu_cli.collector.collector_paused`): the
    indexes, timelines and per-meeting answers they build live until the run ends and form next to no
    cycles, yet each full collection walked all of them — a sixth of the rules' time at 3,000 members.
    """
    settings = ws.settings
    with collector_paused():
        outcome = run_rules(all_rules(), by_code(), settings.is_enabled, settings.setting,
                            context_factory(ws, as_of), ws.upstream, ws.lang,
                            parallel=len(ws.records.files) >= lanes.MIN_RECORDS)
    found = without_guesses(outcome.findings, ws.records)    # one mistake, one finding
    kept, unused = apply_suppressions(found, ws.records.files, settings.is_enabled,
                                      known=lambda code: code in by_code())
    kept, unused_periods = apply_period_ignores(kept, settings.period_ignores, settings.is_enabled)
    registry = by_code()
    if settings.is_enabled("SUP001"):
        kept.extend(to_finding(p, registry["SUP001"], settings.setting("SUP001"), ws.lang)
                    for p in unused + unused_periods)
    findings = tuple(with_fingerprints(sorted(kept, key=lambda f: f.sort_key), _line_reader(ws)))
    infos = tuple(
        RuleInfo(r.code, r.name, r.family, r.summary_zh, r.summary_en, r.citation,
                 settings.setting(r.code).severity or r.severity, settings.is_enabled(r.code))
        for r in all_rules())
    read = sum(1 for file in ws.records.files if was_read(file))
    left = ws.left_out
    return Report(findings, as_of, ws.display, ws.lang, read, infos, files_unread=len(ws.records.files) - read,
                  left_out_files=left.files if left else (), left_out_entries=left.entries if left else 0)


def _line_reader(ws: Workspace):
    """The text of the line a location points at (for fingerprints); empty for a whole-file location."""
    readable = {f.path for f in ws.records.files if was_read(f)}   # never a FIFO or a file that failed to read
    lines: dict[str, list[str]] = {}

    def line_of(location) -> str:
        path = location.path
        if path not in lines:
            try:
                text = (ws.root / path).read_bytes() if path in readable else b""
            except OSError:
                text = b""
            lines[path] = text.decode("utf-8-sig", errors="replace").splitlines()
        text = lines[path]
        return text[location.line - 1] if 0 < location.line <= len(text) else ""

    return line_of


def without_baseline(ws: Workspace, report: Report, entries: list[Entry], where: str,
                     scope: set[str] | None = None) -> Report:
    """``report`` without the findings recorded in a baseline, plus a SUP002 finding (at ``where``, the
    baseline file as seen from the repository) for each entry that no longer occurs.

    An entry is stale only if its finding could have occurred in this run: its rule ran and its file is
    among those shown (``scope``; all when ``None``). SUP002 is on unless switched off by name: a run
    narrowed with ``--select`` still says that the baseline has outlived a problem it checked.
    """
    settings = ws.settings
    kept, stale = apply_baseline(report.findings, entries)
    stale = [e for e in stale if settings.is_enabled(e.code) and (scope is None or e.path in scope)]
    if settings.setting("SUP002").enabled is not False and not any("SUP002".startswith(p) for p in settings.ignore):
        rule = by_code()["SUP002"]
        kept += [to_finding(Problem("SUP002", Location(where, entry.line, 1 if entry.line else 0),
                                    {"code": entry.code, "path": entry.path}), rule, ws.settings.setting("SUP002"),
                            ws.lang) for entry in stale]
    return dataclasses.replace(report, findings=tuple(sorted(kept, key=lambda f: f.sort_key)))


def config_findings(error: rules_config.ConfigError, lang: str):
    """Configuration problems as findings, so they print like every other diagnostic."""
    registry = by_code()
    return [to_finding(p, registry[p.code], rules_config.RuleSetting(), lang) for p in error.problems]


def config_error_lines(error: rules_config.ConfigError, repo: str, lang: str | None) -> list[str]:
    """A configuration error as the located lines ``load`` prints before exiting 2."""
    en = lang == "en"
    lines = []
    for finding in config_findings(error, lang or "zh"):
        where = str(finding.location) if repo in (".", "") else f"{pathlib.PurePath(repo).as_posix()}/{finding.location}"
        lines.append(f"{where}: {finding.code} {finding.message}")
        if finding.hint:
            lines.append(f"  = {'hint' if en else '建议'}: {finding.hint}")
    lines.append("configuration errors: nothing was checked" if en else "配置有误，未进行检查")
    return lines

