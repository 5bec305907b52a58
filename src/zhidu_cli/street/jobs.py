"""The per-branch jobs of the workspace commands, run by :func:`zhidu_cli.street.runner.run_per_branch`.

Each job opens one branch with the branch's own ``zhidu.yaml`` (its profile, locale and rules) — the
street's profile applies to the street's own records only — and returns small picklable data: a
report, a table, a roll-up entry. Module-level functions, so a worker process can be handed them.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from zhidu_cli.records.repository import NotARepository
from zhidu_cli.rules.config import ConfigError
from zhidu_cli.street.layout import Target
from zhidu_cli.street.runner import BranchError
from zhidu_cli.workspace import Workspace, as_of_view, check, config_error_lines, open_workspace


def open_branch(target: Target, lang: str | None, select: tuple[str, ...] | None = None,
                ignore: tuple[str, ...] = (), *, view: dt.date | None = None) -> Workspace:
    """The branch's workspace — as it stood on ``view`` when the as-of date was given explicitly (records
    dated later not yet written, as every single-branch command does) — or :class:`BranchError` with the
    located lines ``zhidu check`` prints."""
    try:
        ws = open_workspace(target.root, select=select, ignore=ignore, lang=lang, display=target.display)
        return as_of_view(ws, view) if view is not None else ws
    except NotARepository:
        raise BranchError([f"{target.display}: not a records repository (no zhidu.yaml) / 不是记录仓库"]) from None
    except ConfigError as error:
        raise BranchError(config_error_lines(error, target.display, lang)) from None


def check_job(target: Target, as_of: dt.date, explicit: bool, lang: str | None, select, ignore):
    """``zhidu check`` of one branch: its report, labelled with the branch."""
    ws = open_branch(target, lang, select, ignore, view=as_of if explicit else None)
    return dataclasses.replace(check(ws, as_of), branch=target.id)


def schedule_job(target: Target, as_of: dt.date, explicit: bool, lang: str | None, horizon: int, show_all: bool):
    """``zhidu overdue`` of one branch: (language, schedule rows, member deadlines, meeting files not counted)."""
    from zhidu_cli.cli.overdue import member_todo
    from zhidu_cli.schedule.cadence import schedule

    ws = open_branch(target, lang, view=as_of if explicit else None)
    if ws.records.branch is None:
        raise BranchError([f"{target.display}/zhidu.yaml: errors; run `zhidu check` / zhidu.yaml 有错误，运行 zhidu check 查看"])
    unusable = tuple(sorted(ws.records.broken_ids.get("meeting", ())))
    return (ws.lang, schedule(ws.records, ws.settings, as_of, horizon_days=horizon),
            member_todo(ws, as_of, horizon, show_all), unusable)


def dues_job(target: Target, as_of: dt.date, explicit: bool, lang: str | None, first, last):
    """``zhidu dues`` of one branch: (language, table, thresholds)."""
    from zhidu_cli.dues.balances import compute_balances
    from zhidu_cli.dues.report import dues_table
    from zhidu_cli.dues.settings import DuesSettings
    from zhidu_cli.dues.standard import DuesStandardError

    ws = open_branch(target, lang, view=as_of if explicit else None)
    try:
        settings = DuesSettings.from_config(ws.settings.dues)
    except DuesStandardError as error:
        raise BranchError([f"{target.display}/zhidu.yaml: {error.message(ws.lang)}"]) from None
    params = ws.settings.setting("DUE005").params
    warn, lapse = params.get("warn_months", 3), params.get("error_months", 6)
    groups = {g.id: g.name for g in ws.records.branch.groups} if ws.records.branch else {}
    balances = compute_balances(ws.records, settings.standard, as_of, start=settings.start)
    return ws.lang, dues_table(balances, first, last, warn=warn, lapse=lapse, groups=groups), (warn, lapse)


def rollup_job(target: Target, as_of: dt.date, explicit: bool, lang: str | None, with_names: bool):
    """One branch's roll-up entry (:func:`zhidu_cli.street.rollup.branch_rollup`)."""
    from zhidu_cli.street.rollup import branch_rollup

    ws = open_branch(target, lang, view=as_of if explicit else None)
    return branch_rollup(ws, check(ws, as_of), as_of, branch_id=target.id, path=target.path, with_names=with_names)


def site_job(target: Target, as_of: dt.date, explicit: bool, lang: str | None, out_root: str, members: bool):
    """One branch's pages under ``out_root/<id>/``; returns its roll-up entry for the street overview."""
    import pathlib

    from zhidu_cli.site.build import build_branch

    ws = open_branch(target, lang, view=as_of if explicit else None)
    return build_branch(ws, check(ws, as_of), as_of, pathlib.Path(out_root) / target.id, branch_id=target.id,
                        path=target.path, members=members, street="../index.html")


def agenda_job(target: Target, as_of: dt.date, explicit: bool, lang: str | None, horizon: int, kinds):
    """``zhidu agenda`` of one branch: (language, the agenda of the chosen kinds)."""
    from zhidu_cli.agenda.items import agenda

    ws = open_branch(target, lang, view=as_of if explicit else None)
    if ws.records.branch is None:
        raise BranchError([f"{target.display}/zhidu.yaml: errors; run `zhidu check` / zhidu.yaml 有错误，运行 zhidu check 查看"])
    return ws.lang, agenda(ws.records, ws.settings, ws.calendar, as_of, horizon).only(kinds)
