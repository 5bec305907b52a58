"""The agenda's items: each obligation that falls due within the horizon or is overdue, with its date,
what to do, who it concerns, the rule that sets it (code and citation) and how late it is.

Nothing here computes a deadline of its own. Each family of items reads the function the rules read:

* meetings — :func:`zhidu_cli.schedule.cadence.schedule` (the MTG rules and ``zhidu overdue``); a body
  is due on the last day of its period, overdue the day after;
* members — :func:`zhidu_cli.schedule.deadlines.all_deadlines` (``zhidu member``, ``zhidu overdue`` and
  DEV001, DEV007, DEV009, PRB002); :func:`zhidu_cli.rules.mobile.report_quarters` and ``card_audits``
  (MOB005, MOB007); a 公示 running before the assembly ends on its last day, and the assembly may meet
  from :func:`zhidu_cli.model.pipeline.earliest_assembly` on (NTC003, NTC004);
* dues — :meth:`zhidu_cli.dues.balances.MemberBalance.reaches` (DUE005): the day a member's run of
  unpaid months reaches the warning count (3) and the lapse count (6);
* disclosures — :func:`zhidu_cli.dues.balances.publication_deadline` (NTC005): each month's collection is
  published by the 10th of the next; :func:`zhidu_cli.rules.notice.publications` and ``outcomes_owed``
  (NTC006–NTC008): the results of hearings and review meetings within N days, deliberations' outcomes;
* reports — :func:`zhidu_cli.rules.review.grade_reports_owed` and ``summaries_owed`` (EVL001, EVL003): the
  democratic review's grades, and its summary, reported to the upper organization within N days;
* training — :func:`zhidu_cli.rules.review.collective_shortfalls` and ``worker_shortfalls`` (TRN001,
  TRN002): members short of the year's days, due on 31 December.

The yearly democratic review (MTG006) and the year-end review (MTG011) are meeting bodies, so they come
with the meetings. A rule switched off in ``zhidu.yaml`` contributes no items.

Every item carries an ``obligation`` key: what identifies the obligation whatever its dates (the body,
group and period; the member and the step with the fact that starts it; the member and the first unpaid
month of the run …). The calendar feed derives its UIDs from it, so a re-import updates an event whose
date moved (an approval window extended to six months) and a new obligation gets a new event.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Iterable, Iterator

from zhidu_cli.schedule.months import YearMonth

KINDS = ("meeting", "member", "dues", "disclosure", "report", "training")


@dataclass(frozen=True)
class Who:
    """A member (id and name) or a 党小组 (id and name) an item concerns."""

    id: str
    name: str


@dataclass(frozen=True)
class Item:
    """One obligation on the agenda."""

    kind: str                    # one of KINDS
    obligation: str              # stable identity of the obligation (the calendar UID's basis)
    due: dt.date                 # the last day it is in time
    what_zh: str
    what_en: str
    code: str                    # the rule that sets it
    citation: str                # … and its source
    late: int                    # days past ``due``: positive overdue, 0 due today, negative days left
    members: tuple[Who, ...] = ()    # the members it concerns (none: the branch or a group)
    group: Who | None = None         # the 党小组, for a group's meeting
    opens: dt.date | None = None     # the first day it may be done (a period's first day, a window's start)
    path: str = ""                   # the record to look at, relative to the repository

    @property
    def overdue(self) -> bool:
        return self.late > 0

    def what(self, lang: str) -> str:
        return self.what_en if lang == "en" else self.what_zh

    def who(self, lang: str) -> str:
        """``陈思雨`` / ``第一党小组`` / ``支部`` — the people to act with."""
        if self.members:
            return ("、" if lang != "en" else ", ").join(m.name for m in self.members)
        if self.group is not None:
            return self.group.name
        return "branch" if lang == "en" else "支部"

    def lateness(self, lang: str) -> str:
        """``已逾期 3 天`` / ``今天截止`` / ``还剩 5 天``."""
        en = lang == "en"
        if self.late > 0:
            return f"overdue {self.late} days" if en else f"已逾期 {self.late} 天"
        if self.late == 0:
            return "due today" if en else "今天截止"
        return f"{-self.late} days left" if en else f"还剩 {-self.late} 天"


@dataclass(frozen=True)
class Agenda:
    as_of: dt.date
    horizon: int                 # days after the as-of date
    branch: str                  # the branch's name (part of the calendar UIDs)
    items: tuple[Item, ...]

    @property
    def until(self) -> dt.date:
        return self.as_of + dt.timedelta(days=self.horizon)

    def only(self, kinds: Iterable[str]) -> "Agenda":
        wanted = set(kinds)
        return Agenda(self.as_of, self.horizon, self.branch, tuple(i for i in self.items if i.kind in wanted))


def agenda(records, settings, calendar, as_of: dt.date, horizon: int = 30) -> Agenda:
    """Every obligation due by ``as_of + horizon`` days that is still open, and every overdue one, by date.

    Pure: the same records, configuration, working-day calendar, date and horizon give the same items.
    """
    if records.branch is None:
        return Agenda(as_of, horizon, "", ())
    until = as_of + dt.timedelta(days=max(horizon, 0))
    found = [*_meetings(records, settings, as_of, horizon), *_members(records, settings, as_of),
             *_mobile(records, settings, as_of), *_disclosure_windows(records, settings, calendar, as_of),
             *_dues(records, settings, as_of, until), *_disclosures(records, settings, as_of, until),
             *_results(records, settings, as_of), *_reports(records, settings, as_of),
             *_training(records, settings, as_of)]
    kept = [i for i in found if i.due <= until]
    kept.sort(key=lambda i: (i.due, KINDS.index(i.kind), i.obligation))
    return Agenda(as_of, horizon, records.branch.name, tuple(kept))


# --- the families ------------------------------------------------------------------------------------

def _citation(code: str) -> str:
    from zhidu_cli.rules.registry import by_code

    return by_code()[code].citation


def _late(as_of: dt.date, due: dt.date) -> int:
    return (as_of - due).days


def _member(records, member_id: str) -> Who:
    member = records.members.get(member_id)
    return Who(member_id, member.name if member is not None else member_id)


def _meetings(records, settings, as_of: dt.date, horizon: int) -> Iterator[Item]:
    from zhidu_cli.schedule.cadence import Standing, schedule

    for row in schedule(records, settings, as_of, horizon_days=horizon):
        if row.status is Standing.HELD:
            continue
        body, period = row.body, row.period
        what_zh, what_en = f"{body.name_zh}（{period.label_zh}）", f"{body.name_en} ({period.label_en})"
        if body.count > 1:
            what_zh += f"，应开 {body.count} 次，已开 {len(row.meetings)} 次"
            what_en += f", {len(row.meetings)} of {body.count} held"
        group = Who(row.group.id, row.group.name) if row.group is not None else None
        yield Item("meeting", f"meeting/{body.key}/{row.group_id or ''}/{period.start}", period.end,
                   what_zh, what_en, body.code, _citation(body.code), _late(as_of, period.end),
                   group=group, opens=period.start)


_CONTEXT = {   # what set the clock, after the deadline's own words
    "talk": ("{start} 递交入党申请书", "applied on {start}"),
    "assessment": ("上次 {start}", "last on {start}"),
    "approval": ("支部大会 {start} 接收", "admitted by the assembly on {start}"),
    "conversion": ("预备期 {start} 届满", "probation ends on {start}"),
}


def _members(records, settings, as_of: dt.date) -> Iterator[Item]:
    """The open member deadlines (pending or overdue) from :mod:`zhidu_cli.schedule.deadlines` — the one
    computation ``zhidu member``, ``zhidu overdue`` and the DEV/PRB rules share — of rules switched on."""
    from zhidu_cli.schedule.deadlines import all_deadlines, open_deadlines

    for deadline in open_deadlines(all_deadlines(records, settings, as_of), as_of):
        if not deadline.judged or not _enabled(settings, deadline.rule):
            continue
        zh, en = _CONTEXT.get(deadline.kind, ("", ""))
        start = deadline.start.isoformat()
        what_zh = deadline.what_zh + (f"（{zh.format(start=start)}）" if zh else "")
        what_en = deadline.what_en + (f" ({en.format(start=start)})" if en else "")
        yield Item("member", f"member/{deadline.member}/{deadline.kind}/{deadline.start}", deadline.due,
                   what_zh, what_en, deadline.rule, _citation(deadline.rule), _late(as_of, deadline.due),
                   members=(Who(deadline.member, deadline.name),), opens=deadline.start,
                   path=deadline.location.path)


def _mobile(records, settings, as_of: dt.date) -> Iterator[Item]:
    """Members away: the quarterly report (MOB005) and the yearly audit of the 流动党员活动证 (MOB007), from
    :func:`zhidu_cli.rules.mobile.report_quarters` and :func:`~zhidu_cli.rules.mobile.card_audits` — the
    functions the two rules report from."""
    from zhidu_cli.rules.mobile import card_audits, report_quarters

    reports, audits = _enabled(settings, "MOB005"), _enabled(settings, "MOB007")
    branch = records.branch
    begun = branch.records_start if branch is not None else None
    for member_id in sorted(records.members):
        timeline = records.timelines[member_id]
        if not timeline.events or not any(e.event == "away" for e in timeline.events):
            continue
        who = (Who(member_id, timeline.member.name),)
        path = timeline.member.loc.path
        if reports:
            months = lambda day: _param(settings, "MOB005", "months", day)   # noqa: E731
            for owed in report_quarters(records, timeline, months, as_of):
                quarter = owed.quarter
                if owed.reported is not None or (begun is not None and quarter.end < begun):
                    continue
                yield Item("member", f"mobile/report/{member_id}/{quarter.start}", quarter.end,
                           f"流动党员汇报（{quarter.label_zh}）", f"report from the member away ({quarter.label_en})",
                           "MOB005", _citation("MOB005"), _late(as_of, quarter.end), members=who,
                           opens=quarter.start, path=path)
        if audits:
            months = lambda day: _param(settings, "MOB007", "months", day)   # noqa: E731
            for audit in card_audits(records, timeline, months, as_of):
                if not audit.open:
                    continue
                yield Item("member", f"mobile/card-audit/{member_id}/{audit.since}", audit.due,
                           f"审验流动党员活动证（自 {audit.since}）", f"audit the mobile member's card (since {audit.since})",
                           "MOB007", _citation("MOB007"), _late(as_of, audit.due), members=who,
                           opens=audit.since, path=path)


def _disclosure_windows(records, settings, calendar, as_of: dt.date) -> Iterator[Item]:
    """A 公示 running before the assembly votes on an admission (NTC003) or a conversion (NTC004): it ends
    on its ``to`` date, and the assembly may meet from :func:`zhidu_cli.model.pipeline.earliest_assembly`
    on — the day ``zhidu member`` shows and NTC003/NTC004 judge by. Listed while it runs (a milestone, never
    overdue: once it has ended the next step is the assembly, which has no deadline of its own)."""
    from zhidu_cli.model.pipeline import earliest_assembly, passages

    for decision in records.decisions.values():
        kind = decision.kind
        if kind not in ("admission", "conversion") or decision.subject not in records.members:
            continue
        code = "NTC003" if kind == "admission" else "NTC004"
        if not _enabled(settings, code):
            continue
        voted = [p.date for p in passages(records, decision.subject, kind, as_of) if p.voted]
        for disclosure in decision.disclosures:
            if not disclosure.start <= as_of <= disclosure.end or any(d >= disclosure.start for d in voted):
                continue
            required = _param(settings, code, "working_days", disclosure.start)
            workdays = calendar.workdays_in(disclosure.start, disclosure.end)
            earliest = earliest_assembly(disclosure, required, calendar)
            what = ("拟接收预备党员公示" if kind == "admission" else "预备党员转正公示",
                    "admission disclosure" if kind == "admission" else "conversion disclosure")
            short_zh = f"，不足 {required} 个工作日" if workdays < required else ""
            short_en = f", short of {required}" if workdays < required else ""
            yield Item("member", f"member/{decision.subject}/disclosure-{kind}/{disclosure.start}", disclosure.end,
                       f"{what[0]}期满（{disclosure.start} 至 {disclosure.end}，{workdays} 个工作日{short_zh}），"
                       f"{earliest} 起可召开支部大会",
                       f"{what[1]} ends ({disclosure.start} to {disclosure.end}, {workdays} working days{short_en}); "
                       f"the assembly may meet from {earliest}",
                       code, _citation(code), _late(as_of, disclosure.end),
                       members=(_member(records, decision.subject),), opens=disclosure.start, path=decision.loc.path)


def _balances(records, settings, as_of: dt.date):
    from zhidu_cli.dues.balances import compute_balances
    from zhidu_cli.dues.settings import DuesSettings
    from zhidu_cli.dues.standard import DuesStandardError

    try:
        dues = DuesSettings.from_config(settings.dues if settings is not None else None)
    except DuesStandardError:           # reported by ``zhidu check`` as a configuration error
        return None
    return compute_balances(records, dues.standard, as_of, start=dues.start)


def _enabled(settings, code: str) -> bool:
    return settings is None or settings.is_enabled(code)


def _param(settings, code: str, name: str, on: dt.date | None = None):
    from zhidu_cli.rules.counting import param

    return param(settings, code, name, on)


def _dues(records, settings, as_of: dt.date, until: dt.date) -> Iterator[Item]:
    """DUE005: the day each member's run of unpaid months reaches the warning and the lapse counts."""
    from zhidu_cli.dues.balances import lapse_decided

    if not _enabled(settings, "DUE005"):
        return
    balances = _balances(records, settings, as_of)
    if balances is None:
        return
    warn, lapse = _param(settings, "DUE005", "warn_months"), _param(settings, "DUE005", "error_months")
    for balance in balances.members.values():
        since = balance.behind_since
        if since is None or not balance.on_rolls or lapse_decided(records, balance.member, as_of):
            continue
        member = records.members[balance.member]
        lapse_day = balance.reaches(lapse)
        for count in (warn, lapse):
            if count == warn and (balance.behind >= lapse or (balance.behind >= warn and lapse_day <= until)):
                continue         # past the warning with the lapse in sight: the lapse is the one item
            day = balance.reaches(count)
            if count == lapse:
                what_zh = (f"党费自 {since.label_zh} 起连续 {count} 个月未交：按自行脱党提请支部党员大会处理"
                           if balance.behind >= count else
                           f"党费自 {since.label_zh} 起未交，此日满 {count} 个月将按自行脱党处理")
                what_en = (f"dues unpaid for {count} months since {since}: the general assembly deals with the lapse"
                           if balance.behind >= count else
                           f"dues unpaid since {since}: {count} months on this day, the lapse (自行脱党)")
            else:
                what_zh = f"党费自 {since.label_zh} 起连续 {count} 个月未交：提醒补交"
                what_en = f"dues unpaid for {count} months since {since}: remind to pay"
            yield Item("dues", f"dues/{balance.member}/{since}/{count}", day, what_zh, what_en, "DUE005",
                       _citation("DUE005"), _late(as_of, day), members=(Who(balance.member, balance.name),),
                       opens=since.first_day, path=member.loc.path)


def _disclosures(records, settings, as_of: dt.date, until: dt.date) -> Iterator[Item]:
    """NTC005: each month of the dues accounts is published by the 10th of the next month."""
    from zhidu_cli.dues.balances import accounting_start, publication_deadline

    if not _enabled(settings, "NTC005"):
        return
    start = accounting_start(records)
    if start is None:
        return
    day = _param(settings, "NTC005", "day")
    for month in start.until(YearMonth.of(until)):
        deadline = publication_deadline(month, day)
        if deadline > until:
            break
        ledger = records.ledgers.get(month)
        if ledger is not None and ledger.published is not None and ledger.published <= as_of:
            continue
        yield Item("disclosure", f"disclosure/dues/{month}", deadline,
                   f"公布 {month.label_zh} 党费收缴情况", f"publish the dues collection of {month}",
                   "NTC005", _citation("NTC005"), _late(as_of, deadline), opens=(month + 1).first_day,
                   path=f"dues/{month}.yaml")


def _results(records, settings, as_of: dt.date) -> Iterator[Item]:
    """Results to publish after a meeting: a hearing's (NTC006) and a review meeting's (NTC007) within N
    days, and the outcome of each deliberation decision (NTC008) — from
    :func:`zhidu_cli.rules.notice.publications` and :func:`~zhidu_cli.rules.notice.outcomes_owed`."""
    from zhidu_cli.rules.notice import outcomes_owed, publications

    for code, types in (("NTC006", ("hearing",)), ("NTC007", tuple(_param(settings, "NTC007", "types")))):
        if not _enabled(settings, code):
            continue
        days = lambda day, code=code: _param(settings, code, "days", day)   # noqa: E731
        for owed in publications(records, types, days, as_of):
            if owed.published is not None:
                continue
            meeting = owed.meeting
            title = meeting.title or meeting.id
            yield Item("disclosure", f"disclosure/result/{meeting.id}", owed.due,
                       f"公布{title}（{meeting.date}）的结果", f"publish the result of {title} ({meeting.date})",
                       code, _citation(code), _late(as_of, owed.due), opens=meeting.date, path=meeting.loc.path)
    if _enabled(settings, "NTC008"):
        grace = lambda day: _param(settings, "NTC008", "grace_days", day)   # noqa: E731
        for meeting, decision, due in outcomes_owed(records, grace, as_of):
            yield Item("disclosure", f"disclosure/outcome/{decision.id}", due,
                       f"向有关党员群众告知议案结果：{decision.title}", f"make the outcome known: {decision.title}",
                       "NTC008", _citation("NTC008"), _late(as_of, due), opens=meeting.date, path=decision.loc.path)


def _reports(records, settings, as_of: dt.date) -> Iterator[Item]:
    """Reports to the upper organization after the democratic review: the grades (EVL001) and the summary
    with the corrective measures (EVL003), from :func:`zhidu_cli.rules.review.grade_reports_owed` and
    :func:`~zhidu_cli.rules.review.summaries_owed`."""
    from zhidu_cli.rules.review import grade_reports_owed, summaries_owed

    upper = records.branch.upper
    if _enabled(settings, "EVL001"):
        days = lambda day: _param(settings, "EVL001", "report_within_days", day)   # noqa: E731
        for meeting, due in grade_reports_owed(records, days, as_of):
            yield Item("report", f"report/grades/{meeting.id}", due,
                       f"向{upper}报送民主评议党员结果（{meeting.date}）",
                       f"report the democratic review's grades ({meeting.date}) to {upper}",
                       "EVL001", _citation("EVL001"), _late(as_of, due), opens=meeting.date, path=meeting.loc.path)
    if _enabled(settings, "EVL003"):
        days = lambda day: _param(settings, "EVL003", "report_within_days", day)   # noqa: E731
        for year, last, due in summaries_owed(records, days, as_of):
            yield Item("report", f"report/review-summary/{year}", due,
                       f"向{upper}报送{year}年民主评议工作小结及整改措施",
                       f"report the {year} review's summary and corrective measures to {upper}",
                       "EVL003", _citation("EVL003"), _late(as_of, due), opens=last.date, path=last.loc.path)


def _training(records, settings, as_of: dt.date) -> Iterator[Item]:
    """TRN001 / TRN002: members short of the year's training days — every year the rules judge (ended,
    overdue) and the year in progress (due on 31 December)."""
    from zhidu_cli.rules.review import collective_shortfalls, judged_years, worker_shortfalls

    years = list(judged_years(records, as_of))
    if as_of.year in judged_years(records, dt.date(as_of.year + 1, 1, 1)):   # the year in progress, once it ends
        years.append(as_of.year)
    for code in ("TRN001", "TRN002"):
        if not _enabled(settings, code):
            continue
        for year in years:
            last = dt.date(year, 12, 31)
            required = Decimal(_param(settings, code, "days", last))
            kinds = _param(settings, code, "kinds", last)
            until = min(last, as_of)
            if code == "TRN001":
                short = collective_shortfalls(records, year, required, kinds, until)
                zh, en = "集体教育", "collective education"
            else:
                short = worker_shortfalls(records, year, required, kinds, tuple(_param(settings, code, "roles", last)),
                                          until)
                zh, en = "社区工作者培训", "community-worker training"
            for member_id, days in short:
                member = records.members[member_id]
                have, need = _num(days), _num(required)
                yield Item("training", f"training/{code}/{member_id}/{year}", last,
                           f"{year}年{zh}已记 {have} 天，不少于 {need} 天（还差 {_num(required - days)} 天）",
                           f"{year} {en}: {have} of at least {need} days recorded",
                           code, _citation(code), _late(as_of, last), members=(Who(member_id, member.name),),
                           opens=dt.date(year, 1, 1), path=member.loc.path)


def _num(value: Decimal) -> str:
    return format(Decimal(value).normalize(), "f")

