"""DEV and PRB: the development of new members and their probation (RULEBOOK §5).

The facts — who applied when, which assembly admitted whom, when the upper organization approved,
when probation ends — are gathered once per member by :mod:`zhidu_cli.model.pipeline`; each rule
here only compares them with its own parameters, so ``zhidu member`` shows the same deadlines the
rules enforce. Sponsors and introducers are checked against the members' derived status on the day
(a probationary member cannot be one).

History the branch does not answer for. Every rule here (and NTC003/NTC004) judges only facts and
deadlines dated on or after :func:`zhidu_cli.model.pipeline.answered_since`: not before ``records_start``
(the meetings and decisions of then are not in the repository), nor before the member transferred in
(the previous organization took those steps). The earlier dates are still read: a probation begun at
the previous branch ends a year after that assembly, and the conversion is this branch's to discuss.

Rule versions. The development rules were reportedly revised in May 2026; the revision is
**unconfirmed**, and zhidu does not guess at its content. The numeric rules therefore carry two
parameter versions split at :data:`REPORTED_REVISION` with the *same* values: the 2014 细则 before,
"reported 2026 revision, values unchanged until confirmed" after. Every check asks
``ctx.param(name, on=<the record's date>)`` and honours the rule's effective date range, so once the
new text is confirmed, changing a number in the later version checks each record against the version
in force on its own date — a 2025 admission keeps the 2025 rules.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any, Callable, Iterable

from zhidu_cli.diagnostics.finding import Location, Severity
from zhidu_cli.model.fields import DECIMAL, INT
from zhidu_cli.model.pipeline import (ASSEMBLY, PROBATION_YEARS, Deadlines, Development, best_disclosure,
                                      development, probation_end)
from zhidu_cli.model.records import Event
from zhidu_cli.model.status import LEAVING_EVENTS
from zhidu_cli.rules.engine import Context, Example, Message, Param, Rule, Version
from zhidu_cli.rules.notice import answers, voted_passages
from zhidu_cli.schedule.deadlines import all_deadlines, reported
from zhidu_cli.schedule.periods import add_years

RULES_2014 = "《中国共产党发展党员工作细则》"
BRANCH_RULES = "《社区党支部工作制度》"
CONSTITUTION = "《中国共产党章程》"

REPORTED_REVISION = dt.date(2026, 5, 1)
"""The first day of May 2026, when the development rules were reportedly revised (unconfirmed)."""


def _eras(**params: Any) -> tuple[Version, ...]:
    """The same values before and after the reported revision, as two documented versions."""
    return (Version(None, REPORTED_REVISION, params, note=f"{RULES_2014}（2014）"),
            Version(REPORTED_REVISION, None, params,
                    note="据报 2026 年 5 月修订（未经证实）：条文确认前沿用 2014 年的数值 / "
                         "reported May 2026 revision (unconfirmed): the 2014 values until confirmed"))


# --- shared helpers ------------------------------------------------------------------------------

def dev_of(ctx: Context, member_id: str) -> Development:
    return ctx.shared(("development", member_id), lambda: development(ctx.records, member_id, ctx.as_of))


def _who(ctx: Context, member_id: str) -> dict:
    return {"member": member_id, "name": ctx.records.members[member_id].name}


def _events(ctx: Context, kind: str) -> Iterable[tuple[str, Event]]:
    """(member id, event) for every ``kind`` event in force and not after the as-of date."""
    for member_id, member in ctx.records.members.items():
        for event in member.history:
            if event.event == kind and event.date <= ctx.as_of and ctx.rule.in_force(event.date):
                yield member_id, event


def _label(ctx: Context, member_id: str) -> str:
    member = ctx.records.members.get(member_id)
    return f"{member.name}（{member_id}）" if member else member_id


def _num(value: Decimal) -> str:
    """3.0 → "3", 2.5 → "2.5": training days and hours as people write them."""
    return format(value.normalize(), "f")


def _two_full_members(ctx: Context, member_id: str, event: Event, field: str, required: int):
    """DEV002 / DEV005: at least ``required`` distinct people listed, each a full member on the day.

    One finding per event: too few listed, else those listed who were not full members that day.
    Ids that name nobody are REF003's to report; they still count as listed.
    """
    listed = list(dict.fromkeys(getattr(event, field)))
    facts = {**_who(ctx, member_id), "date": event.date, "required": required}
    not_full = [m for m in listed if m in ctx.records.members and not ctx.records.timeline(m).is_full(event.date)]
    if len(listed) < required:
        yield ctx.problem(event.where(field) if listed else event.where("date"), "few", count=len(listed), **facts)
    elif not_full:
        yield ctx.problem(event.where(field), "not-full", others=[_label(ctx, m) for m in not_full],
                          ids=not_full, **facts)


# --- DEV001–DEV009 --------------------------------------------------------------------------------

def deadlines_of(ctx: Context, rule: str):
    """The judged deadlines of ``rule`` that ``zhidu check`` reports (late, overdue or missed), from the one
    computation ``zhidu member`` and ``zhidu overdue`` show (:mod:`zhidu_cli.schedule.deadlines`)."""
    found = ctx.shared(("member-deadlines", ctx.as_of),
                       lambda: all_deadlines(ctx.records, ctx.settings, ctx.as_of))
    return [d for d in found if d.rule == rule and ctx.rule.in_force(d.start) and reported(d, ctx.as_of)]


def check_talk(ctx: Context):
    for d in deadlines_of(ctx, "DEV001"):
        facts = {"member": d.member, "name": d.name, "applied": d.start, "months": d.months, "due": d.due}
        if d.done is not None:
            yield ctx.problem(d.done_location, "late", talked=d.done, related=(d.location,), **facts)
        else:
            yield ctx.problem(d.location, **facts)


def check_sponsors(ctx: Context):
    for member_id, event in _events(ctx, "activist"):
        if answers(ctx, member_id, event.date):
            yield from _two_full_members(ctx, member_id, event, "sponsors", ctx.param("count", on=event.date))


def check_training_year(ctx: Context):
    for member_id, target in _events(ctx, "development-target"):
        if not answers(ctx, member_id, target.date):
            continue
        activist = ctx.records.timeline(member_id).last("activist", before=target.date)
        facts = {**_who(ctx, member_id), "date": target.date}
        if activist is None:
            yield ctx.problem(target.where("date"), "no-activist", **facts)
            continue
        years = ctx.param("years", on=target.date)
        earliest = add_years(activist.date, years)
        if target.date < earliest:
            yield ctx.problem(target.where("date"), activist_date=activist.date, years=years, earliest=earliest,
                              related=(activist.where("date"),), **facts)


def check_concentrated_training(ctx: Context):
    for member_id, admitted in _events(ctx, "admitted"):
        if not answers(ctx, member_id, admitted.date):
            continue
        timeline = ctx.records.timeline(member_id)
        activist = timeline.last("activist", before=admitted.date)
        trainings = [e for e in timeline.events if e.event == "trained" and e.date < admitted.date
                     and (activist is None or e.date >= activist.date)]
        days = sum((e.days or Decimal(0) for e in trainings), Decimal(0))
        hours = sum((e.hours or Decimal(0) for e in trainings), Decimal(0))
        need_days, need_hours = ctx.param("days", on=admitted.date), ctx.param("hours", on=admitted.date)
        facts = {**_who(ctx, member_id), "date": admitted.date, "required_days": _num(need_days),
                 "required_hours": _num(need_hours)}
        if not trainings:
            yield ctx.problem(admitted.where("date"), "missing", **facts)
        elif days < need_days and hours < need_hours:
            yield ctx.problem(trainings[-1].where("date"), days=_num(days), hours=_num(hours),
                              related=(admitted.where("date"),), **facts)


def check_introducers(ctx: Context):
    for passage in voted_passages(ctx, "admission"):
        if not passage.adopted or not ctx.rule.in_force(passage.date) or not answers(ctx, passage.member, passage.date):
            continue
        required = ctx.param("count", on=passage.date)
        if passage.event is None:
            yield ctx.problem(passage.location, "no-event", date=passage.date, required=required,
                              **_who(ctx, passage.member))
            continue
        yield from _two_full_members(ctx, passage.member, passage.event, "introducers", required)


_SELF_MARKERS = ("支部", "支委", "党员大会")


def approves_itself(by: str | None, branch) -> bool:
    """A branch (支部, 总支) cannot approve an admission: only a basic-level Party committee can."""
    if not by:
        return False
    text = by.strip()
    names = {branch.name, branch.short_name} if branch is not None else set()
    return text in names or any(marker in text for marker in _SELF_MARKERS)


def check_order(ctx: Context):
    for passage in voted_passages(ctx, "admission"):
        if not passage.adopted or not ctx.rule.in_force(passage.date) or not answers(ctx, passage.member, passage.date):
            continue
        facts = {**_who(ctx, passage.member), "date": passage.date}
        if passage.meeting is None or not passage.meeting.is_type(ASSEMBLY):
            yield ctx.problem(passage.location, "no-assembly", **facts)
        if not passage.committee:
            yield ctx.problem(passage.location, "no-committee", **facts)
        disclosure = best_disclosure(passage)
        if disclosure is not None and passage.committee and all(c.date > disclosure.start for c in passage.committee):
            first = min(passage.committee, key=lambda c: c.date)
            yield ctx.problem(disclosure.where("start"), "disclosure-first", start=disclosure.start,
                              committee_date=first.date, related=(first.location,), **facts)
        dev = dev_of(ctx, passage.member)
        if dev.admission != passage:
            continue
        if dev.approval is not None and dev.approval.date < passage.date:
            yield ctx.problem(dev.approval.location, "approval-first", approved=dev.approval.date,
                              related=(passage.location,), **facts)
        sources = [(dev.approval.by, dev.approval.by_location)] if dev.approval else []
        if passage.decision is not None and passage.decision.approval is not None:
            sources.append((passage.decision.approval.by, passage.decision.approval.where("by")))
        for by, where in _unique(sources):
            if approves_itself(by, ctx.records.branch):
                yield ctx.problem(where, "self", by=by, **facts)


def _unique(sources: list[tuple[str | None, Location]]) -> list[tuple[str | None, Location]]:
    seen: set[Location] = set()
    out = []
    for by, where in sources:
        if where not in seen:
            seen.add(where)
            out.append((by, where))
    return out


def check_approval_time(ctx: Context):
    for d in deadlines_of(ctx, "DEV007"):
        facts = {"member": d.member, "name": d.name, "date": d.start, "months": d.months, "due": d.due}
        if d.done is not None:
            yield ctx.problem(d.done_location, "late", approved=d.done, related=(d.location,), **facts)
        else:
            yield ctx.problem(d.location, **facts)


_ACTIVIST_ENDS = frozenset({"activist", "development-target", "admitted", "approved", "full"}) | LEAVING_EVENTS
_TRAINING_ENDS = _ACTIVIST_ENDS - {"development-target"}   # a development target is still being trained


def _activist_spans(ctx: Context, member_id: str, ends: frozenset[str] = _ACTIVIST_ENDS):
    """(activist event, the event that ended the phase or None) for each time the member became an activist."""
    spans: list[tuple[Event, Event | None]] = []
    events = [e for e in ctx.records.timeline(member_id).events if e.date <= ctx.as_of]
    for i, event in enumerate(events):
        if event.event == "activist":
            spans.append((event, next((e for e in events[i + 1:] if e.event in ends), None)))
    return spans


def check_yearly_plan(ctx: Context):
    records = ctx.records
    start = (records.branch.records_start if records.branch else None) or \
        (records.meetings[0].date if records.meetings else None)
    if start is None:
        return
    explicit = records.branch is not None and records.branch.records_start is not None
    first_year = start.year if explicit or start == dt.date(start.year, 1, 1) else start.year + 1   # issue 8.2
    admitted: dict[int, int] = {}
    for passage in voted_passages(ctx, "admission"):
        if passage.adopted:
            admitted[passage.date.year] = admitted.get(passage.date.year, 0) + 1
    spans = [(activist.date, end.date if end else None)
             for member_id in records.members for activist, end in _activist_spans(ctx, member_id, _TRAINING_ENDS)]
    where = records.branch.loc if records.branch else Location("zhidu.yaml")
    for year in range(first_year, ctx.as_of.year):   # only years already over as of the as-of date
        first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
        new_members = ctx.param("new_members", on=last)
        activists_needed = ctx.param("activists", on=last)
        activists = sum(1 for begin, end in spans if begin <= last and (end is None or end >= first))
        new = admitted.get(year, 0)
        if new < new_members or activists < activists_needed:
            yield ctx.problem(where, year=year, admitted=new, activists=activists, new_members=new_members,
                              activists_needed=activists_needed)


def check_assessments(ctx: Context):
    for d in deadlines_of(ctx, "DEV009"):
        facts = {"member": d.member, "name": d.name, "since": d.start, "months": d.months, "due": d.due}
        if d.done is not None:
            yield ctx.problem(d.done_location, "late", assessed=d.done, related=(d.location,), **facts)
        else:
            yield ctx.problem(d.location, **facts)


# --- PRB001–PRB003 --------------------------------------------------------------------------------

def check_probation_length(ctx: Context):
    for member_id in ctx.records.members:
        dev = dev_of(ctx, member_id)
        if dev.admission is None or dev.conversion is None or not ctx.rule.in_force(dev.admission.date) \
                or not answers(ctx, member_id, dev.conversion.date):
            continue
        extensions = [x.months for x in dev.extensions if x.date <= dev.conversion.date]
        end = probation_end(dev.admission.date, PROBATION_YEARS, extensions)
        if dev.conversion.date < end:
            yield ctx.problem(dev.conversion.location, date=dev.admission.date, converted=dev.conversion.date,
                              end=end, related=(dev.admission.location,), **_who(ctx, member_id))


def check_conversion_discussed(ctx: Context):
    """Each end of probation (the first, then after each extension) is followed by a discussion in time:
    the extension itself, or the conversion. A member the upper organization never approved is not on
    probation: the missing approval is DEV007's finding, and no conversion is owed until it comes."""
    for d in deadlines_of(ctx, "PRB002"):
        dev = dev_of(ctx, d.member)
        facts = {"member": d.member, "name": d.name, "date": dev.admission.date, "months": d.months,
                 "end": d.start, "due": d.due}
        if d.done is None:
            yield ctx.problem(d.location, **facts)
        elif d.done_kind == "extended":
            yield ctx.problem(d.done_location, "late", discussed=d.done, what="延长预备期", what_en="extension",
                              **facts)
        else:
            yield ctx.problem(d.done_location, "late", discussed=d.done, what="转正", what_en="conversion", **facts)


def check_extension(ctx: Context):
    for member_id in ctx.records.members:
        dev = dev_of(ctx, member_id)
        if dev.admission is None or not ctx.rule.in_force(dev.admission.date):
            continue
        low, high = ctx.param("min_months", on=dev.admission.date), ctx.param("max_months", on=dev.admission.date)
        for n, extension in enumerate(dev.extensions):
            event = extension.event
            if not answers(ctx, member_id, event.date):
                continue
            facts = {**_who(ctx, member_id), "date": event.date, "min_months": low, "max_months": high}
            if n > 0:
                yield ctx.problem(event.where("date"), "twice", first=dev.extensions[0].event.date,
                                  related=(dev.extensions[0].event.where("date"),), **facts)
            if extension.months is None:
                yield ctx.problem(event.where("date"), "no-months", **facts)
            elif not low <= extension.months <= high:
                yield ctx.problem(event.where("months"), months=extension.months, **facts)


# --- what ``zhidu member`` needs of the rules ----------------------------------------------------------

ParamOf = Callable[[str, str, dt.date], Any]


def deadlines_for(param: ParamOf, dev: Development, as_of: dt.date) -> Deadlines:
    """The parameters in force for this member's records, each on the date of the record it applies to.

    ``param(code, name, on)`` is the value a rule would use (``zhidu.yaml`` > rule version > default).
    """
    applied = dev.applied.date if dev.applied else as_of
    target = dev.target.date if dev.target else as_of
    assembly = dev.admission.date if dev.admission else as_of
    return Deadlines(
        talk_months=param("DEV001", "months", applied),
        training_years=param("DEV003", "years", target),
        working_days=param("NTC003", "working_days", assembly),
        approval_months=param("DEV007", "months", assembly),
        special_approval_months=param("DEV007", "special_months", assembly),
        conversion_months=param("PRB002", "months", assembly),
    )


# --- the rules ---------------------------------------------------------------------------------------

_ACTIVIST = "- {date: 2024-03-01, event: activist, sponsors: [wang-wu, zhao-liu]}\n"
_ADMITTED = "\n- {date: 2025-07-01, event: admitted, introducers: [wang-wu, zhao-liu]}"
_FULL_HINT = ("须为正式党员（预备党员不能担任），在当日的成员状态中核对", "they must be full members on that day "
              "(a probationary member cannot be one)")

RULES = (
    Rule("DEV001", "applicant-talked", "DEV", "收到入党申请书后一个月内派人谈话",
         "an applicant is talked with within one month of applying",
         f"{RULES_2014}（一个月内派人谈话；条款序号待核）", Severity.WARNING, {
             "": Message("{name}（{member}）于 {applied} 递交入党申请书，{months} 个月内（{due} 前）未见谈话记录",
                         "{name} ({member}) applied on {applied}; no talk is recorded within {months} month(s) "
                         "(by {due})",
                         "党组织应在一个月内派人同入党申请人谈话；谈话后记 {{date: …, event: talked, by: 谈话人}}",
                         "talk with the applicant within a month, then record {{date: …, event: talked, by: …}}"),
             "late": Message("{name}（{member}）于 {applied} 递交入党申请书，{talked} 才谈话，超过 {months} 个月（{due}）",
                             "{name} ({member}) applied on {applied} but was only talked with on {talked}, after "
                             "{months} month(s) ({due})",
                             "今后收到申请书后一个月内派人谈话", "talk with applicants within a month of applying")},
         check=check_talk, versions=_eras(months=1),
         params=(Param("months", INT, 1, "递交申请后谈话的期限（月）", "months allowed before the talk"),),
         examples=(Example("history:\n  - {date: 2025-03-10, event: applied}\n  - {date: 2025-04-10, event: talked}",
                           "history:\n  - {date: 2025-03-10, event: applied}\n"
                           "  - {date: 2025-04-11, event: talked}"),)),
    Rule("DEV002", "activist-sponsors", "DEV", "入党积极分子由两名正式党员作培养联系人",
         "an activist has two full members as sponsors", f"000 §四.3{BRANCH_RULES}", Severity.ERROR, {
             "few": Message("{name}（{member}）确定为入党积极分子（{date}）时只有 {count} 名培养联系人，应为 {required} 名",
                            "{name} ({member}) became an activist on {date} with {count} sponsor(s); {required} are "
                            "required",
                            "在 activist 事件中写 sponsors: [成员编号, 成员编号]",
                            "list them in the activist event: sponsors: [id, id]"),
             "not-full": Message("{name}（{member}）的培养联系人 {others} 在 {date} 不是正式党员",
                                 "sponsor(s) {others} of {name} ({member}) were not full members on {date}",
                                 *_FULL_HINT),
             "": Message("{name}（{member}）的培养联系人不符合要求", "the sponsors of {name} ({member}) do not qualify")},
         check=check_sponsors,
         params=(Param("count", INT, 2, "培养联系人人数", "number of sponsors"),),
         examples=(Example("- {date: 2024-03-01, event: activist, sponsors: [wang-wu, zhao-liu]}",
                           "- {date: 2024-03-01, event: activist, sponsors: [wang-wu]}"),)),
    Rule("DEV003", "activist-training-year", "DEV", "入党积极分子经过一年以上培养教育后才能列为发展对象",
         "an activist becomes a development target only after at least one year of training",
         f"000 §四.4{BRANCH_RULES}; {RULES_2014}第十三条", Severity.ERROR, {
             "": Message("{name}（{member}）于 {date} 确定为发展对象，距确定为入党积极分子（{activist_date}）不满 {years} 年"
                         "（最早 {earliest}）",
                         "{name} ({member}) became a development target on {date}, less than {years} year(s) after "
                         "becoming an activist on {activist_date} (earliest {earliest})",
                         "入党积极分子须经一年以上培养教育才能列为发展对象",
                         "an activist needs at least a year of training first"),
             "no-activist": Message("{name}（{member}）确定为发展对象（{date}）前没有确定为入党积极分子的记录",
                                    "{name} ({member}) became a development target on {date} with no record of "
                                    "becoming an activist",
                                    "在 history 中补记 {{date: …, event: activist, sponsors: [..]}}",
                                    "add {{date: …, event: activist, sponsors: [..]}} to the history")},
         check=check_training_year, versions=_eras(years=1),
         params=(Param("years", INT, 1, "列为发展对象前的最短培养期（年）", "minimum years as an activist"),),
         examples=(Example(_ACTIVIST + "- {date: 2025-03-01, event: development-target}",
                           _ACTIVIST + "- {date: 2025-02-28, event: development-target}"),)),
    Rule("DEV004", "target-concentrated-training", "DEV", "发展对象接收前经过短期集中培训（不少于 3 天或 24 学时）",
         "a development target completes concentrated training (≥ 3 days or 24 hours) before admission",
         f"{RULES_2014}第十七条", Severity.ERROR, {
             "": Message("{name}（{member}）接收（{date}）前的集中培训共 {days} 天、{hours} 学时，不足 {required_days} 天"
                         "或 {required_hours} 学时",
                         "{name} ({member}) had {days} day(s) / {hours} hour(s) of concentrated training before "
                         "admission on {date}: fewer than {required_days} days or {required_hours} hours",
                         "补足培训后再提交支部大会；在 trained 事件中写 days 或 hours",
                         "complete the training first; record days or hours in the trained event"),
             "missing": Message("{name}（{member}）接收为预备党员（{date}）前没有集中培训记录",
                                "{name} ({member}) was admitted on {date} with no record of concentrated training",
                                "记 {{date: …, event: trained, days: 3}}（或 hours: 24）",
                                "record {{date: …, event: trained, days: 3}} (or hours: 24)")},
         check=check_concentrated_training, versions=_eras(days=Decimal(3), hours=Decimal(24)),
         params=(Param("days", DECIMAL, Decimal(3), "集中培训最少天数", "minimum days of training"),
                 Param("hours", DECIMAL, Decimal(24), "或最少学时", "or minimum hours of training")),
         examples=(Example("- {date: 2025-05-12, event: trained, days: 3}" + _ADMITTED,
                           "- {date: 2025-05-12, event: trained, hours: 16}" + _ADMITTED),)),
    Rule("DEV005", "admission-introducers", "DEV", "接收预备党员须有两名正式党员作入党介绍人",
         "two full members introduce a candidate at admission", f"{CONSTITUTION}第五条", Severity.ERROR, {
             "few": Message("{name}（{member}）接收为预备党员（{date}）时只有 {count} 名入党介绍人，应为 {required} 名",
                            "{name} ({member}) was admitted on {date} with {count} introducer(s); {required} are "
                            "required",
                            "在 admitted 事件中写 introducers: [成员编号, 成员编号]",
                            "list them in the admitted event: introducers: [id, id]"),
             "not-full": Message("{name}（{member}）的入党介绍人 {others} 在 {date} 不是正式党员",
                                 "introducer(s) {others} of {name} ({member}) were not full members on {date}",
                                 *_FULL_HINT),
             "no-event": Message("{name}（{member}）经支部党员大会（{date}）接收，但 history 中没有 admitted 事件，无法核对入党介绍人",
                                 "{name} ({member}) was admitted by the assembly on {date}, but the history has no "
                                 "admitted event naming the introducers",
                                 "记 {{date: …, event: admitted, introducers: [..], meeting: …, decision: …}}",
                                 "record {{date: …, event: admitted, introducers: [..], meeting: …, decision: …}}"),
             "": Message("{name}（{member}）的入党介绍人不符合要求", "the introducers of {name} ({member}) do not qualify")},
         check=check_introducers,
         params=(Param("count", INT, 2, "入党介绍人人数", "number of introducers"),),
         examples=(Example("- {date: 2025-07-01, event: admitted, introducers: [wang-wu, zhao-liu]}",
                           "- {date: 2025-07-01, event: admitted, introducers: [wang-wu, new-probationer]}"),)),
    Rule("DEV006", "admission-order", "DEV",
         "支委会讨论 → 公示 → 支部党员大会表决 → 上级党委审批；支部不能自行审批",
         "committee discussion → disclosure → general assembly vote → approval by the upper organization; a branch "
         "never approves itself", f"000 §四.4–6{BRANCH_RULES}", Severity.ERROR, {
             "no-committee": Message("{name}（{member}）在支部党员大会（{date}）接收前未见支委会讨论的决定",
                                     "{name} ({member}) was admitted on {date} with no branch-committee discussion "
                                     "recorded before",
                                     "支委会讨论同意后才能公示并提交支部大会；记录支委会的 development-target 或 admission 决定",
                                     "record the committee's development-target or admission decision"),
             "no-assembly": Message("{name}（{member}）的接收（{date}）未记录在支部党员大会上",
                                    "the admission of {name} ({member}) on {date} is not recorded at a general "
                                    "assembly",
                                    "接收预备党员须经支部党员大会讨论表决；admitted 事件写 meeting: 支部党员大会的编号",
                                    "admission is voted by the general assembly: give the assembly as meeting:"),
             "disclosure-first": Message("{name}（{member}）的公示（{start} 起）早于支委会讨论（{committee_date}）",
                                         "the disclosure of {name} ({member}) began on {start}, before the committee "
                                         "discussed it on {committee_date}",
                                         "支委会讨论同意后再公示", "disclose only after the committee agrees"),
             "approval-first": Message("{name}（{member}）的上级审批（{approved}）早于支部党员大会（{date}）",
                                       "the upper organization's approval of {name} ({member}) on {approved} precedes "
                                       "the general assembly on {date}",
                                       "核对日期：审批在支部大会通过之后", "check the dates: approval follows the vote"),
             "self": Message("{name}（{member}）的接收由“{by}”审批；支部无权审批发展党员",
                             "the admission of {name} ({member}) was approved by “{by}”: a branch cannot approve it",
                             "发展党员须报上级党委（街道党工委、乡镇党委）审批",
                             "the upper Party committee (street or township) approves admissions"),
             "": Message("{name}（{member}）的发展程序顺序不符", "the admission of {name} ({member}) is out of order")},
         check=check_order,
         examples=(Example("# 支委会 2025-06-03 → 公示 2025-06-05 至 2025-06-11 → 支部党员大会 2025-06-20\n"
                           "approval: {date: 2025-08-15, by: 中共XX街道工作委员会}",
                           "# the branch approving its own admission\n"
                           "approval: {date: 2025-08-15, by: 中共XX社区支部委员会}"),)),
    Rule("DEV007", "approval-within-months", "DEV", "上级党委在支部大会后三个月内审批（特殊情况不超过六个月）",
         "the upper organization approves within 3 months of the assembly (6 in special cases)",
         f"{RULES_2014}（三个月内审批，特殊情况不超过六个月；条款序号待核）", Severity.WARNING, {
             "": Message("{name}（{member}）经支部党员大会（{date}）接收已超过 {months} 个月（{due}），未见上级党委审批",
                         "{name} ({member}) was admitted on {date}; no approval is recorded within {months} months "
                         "(by {due})",
                         "向上级党委催报；批复后记 {{date: …, event: approved, by: …}} 或在决定中填写 approval",
                         "follow up with the upper committee; then record the approval"),
             "late": Message("{name}（{member}）经支部党员大会（{date}）接收，{approved} 才获审批，超过 {months} 个月（{due}）",
                             "{name} ({member}) was admitted on {date} but approved only on {approved}, after {months} "
                             "months ({due})",
                             "特殊情况延长审批的，在接收决定中写 approval_extended: true（最长六个月）",
                             "for a special extension set approval_extended: true on the decision (6 months at most)")},
         check=check_approval_time, versions=_eras(months=3, special_months=6),
         params=(Param("months", INT, 3, "审批期限（月）", "months allowed for approval"),
                 Param("special_months", INT, 6, "特殊情况（决定中 approval_extended: true）的审批期限（月）",
                       "months allowed in special cases (approval_extended: true on the decision)")),
         examples=(Example("meeting: 2025-03-20-assembly\napproval: {date: 2025-06-20, by: 中共XX街道工作委员会}",
                           "meeting: 2025-03-20-assembly\napproval: {date: 2025-06-21, by: 中共XX街道工作委员会}"),)),
    Rule("DEV008", "yearly-development-plan", "DEV", "原则上每年发展 1—2 名新党员，培养 3—5 名入党积极分子",
         "each year about 1–2 new members are admitted and 3–5 activists trained",
         f"000 §四.2{BRANCH_RULES}（地方规定）", Severity.INFO, {
             "": Message("{year} 年发展新党员 {admitted} 名、培养入党积极分子 {activists} 名，低于年度计划（发展 {new_members} "
                         "名、培养 {activists_needed} 名以上）",
                         "in {year} the branch admitted {admitted} and trained {activists} activist(s), below the "
                         "yearly plan ({new_members} admitted, {activists_needed} activists)",
                         "把发展党员工作纳入重要议事日程，做好年度规划",
                         "put development on the committee's agenda and plan the year")},
         check=check_yearly_plan, enabled_by_default=False,
         params=(Param("new_members", INT, 1, "每年至少发展的新党员人数", "minimum new members a year"),
                 Param("activists", INT, 3, "每年至少培养的入党积极分子人数", "minimum activists in training a year")),
         examples=(Example("# 2024: one admitted event, three members activists during the year",
                           "# 2024: nobody admitted, two activists"),)),
    Rule("DEV009", "activist-assessed", "DEV", "每半年对入党积极分子进行一次考察",
         "activists are assessed every half-year", f"{RULES_2014}第十一条", Severity.WARNING, {
             "": Message("{name}（{member}）自 {since} 起 {months} 个月内（{due} 前）未见考察记录",
                         "{name} ({member}) has no assessment within {months} months of {since} (by {due})",
                         "每半年考察一次；记 {{date: …, event: assessed, by: 考察人}}",
                         "assess every half-year and record {{date: …, event: assessed}}"),
             "late": Message("{name}（{member}）的考察（{assessed}）距上次（{since}）超过 {months} 个月（{due}）",
                             "the assessment of {name} ({member}) on {assessed} came more than {months} months after "
                             "the previous one ({since}; due {due})",
                             "每半年考察一次", "assess activists every half-year")},
         check=check_assessments, versions=_eras(months=6),
         params=(Param("months", INT, 6, "考察间隔（月）", "months between assessments"),),
         examples=(Example(_ACTIVIST + "- {date: 2024-09-01, event: assessed}",
                           _ACTIVIST + "- {date: 2024-09-02, event: assessed}"),)),
    Rule("PRB001", "probation-one-year", "PRB", "预备期为一年，自支部大会通过接收之日算起",
         "probation lasts one year from the general assembly that admitted the member",
         f"{CONSTITUTION}第七条; {RULES_2014}第三十二条", Severity.ERROR, {
             "": Message("{name}（{member}）于 {converted} 讨论转正，预备期（自 {date} 支部大会起）到 {end} 才满",
                         "{name} ({member}) was converted on {converted}, before probation (from the assembly on "
                         "{date}) ends on {end}",
                         "预备期自支部大会通过之日起算一年（延长的加上延长期），期满后再讨论转正",
                         "probation runs one year from the assembly (plus any extension); discuss conversion after")},
         check=check_probation_length,
         examples=(Example("- {date: 2024-06-20, event: admitted, meeting: 2024-06-20-assembly}\n"
                           "- {date: 2025-06-20, event: full, meeting: 2025-06-20-assembly}   # 预备期满之日 / end of probation",
                           "- {date: 2024-06-20, event: admitted, meeting: 2024-06-20-assembly}\n"
                           "- {date: 2025-06-20, event: full, meeting: 2025-06-19-assembly}   # 大会早于期满 / vote too early"),)),
    Rule("PRB002", "conversion-discussed", "PRB", "预备期满后一个月内讨论转正",
         "conversion is discussed within a month after probation ends", "004 党员教育管理制度 8《社区各项工作制度》",
         Severity.ERROR, {
             "": Message("{name}（{member}）的预备期已于 {end} 期满，{months} 个月内（{due} 前）未见讨论转正",
                         "the probation of {name} ({member}) ended on {end}; conversion was not discussed within "
                         "{months} month(s) (by {due})",
                         "及时召开支部党员大会讨论其转正并上报审批", "hold the general assembly on the conversion now"),
             "late": Message("{name}（{member}）的预备期于 {end} 期满，{discussed} 才讨论{what}，超过 {months} 个月（{due}）",
                             "the probation of {name} ({member}) ended on {end} but the {what_en} was only discussed "
                             "on {discussed}, after {months} month(s) ({due})",
                             "预备期满应及时讨论", "discuss it promptly when probation ends")},
         check=check_conversion_discussed, versions=_eras(months=1),
         params=(Param("months", INT, 1, "预备期满后讨论的期限（月）", "months allowed after probation ends"),),
         examples=(Example("- {date: 2024-06-20, event: admitted, meeting: 2024-06-20-assembly}\n"
                           "- {date: 2025-06-20, event: full, meeting: 2025-07-20-assembly}   # 期满之日转正，大会在一个月内",
                           "- {date: 2024-06-20, event: admitted, meeting: 2024-06-20-assembly}\n"
                           "- {date: 2025-06-20, event: full, meeting: 2025-07-21-assembly}   # 大会晚于一个月 / too late"),)),
    Rule("PRB003", "extension-bounds", "PRB", "延长预备期不少于半年、不超过一年，只能延长一次",
         "an extension of probation lasts 6 to 12 months, once", f"{RULES_2014}第三十二条", Severity.ERROR, {
             "": Message("{name}（{member}）延长预备期 {months} 个月（{date}），应为 {min_months}—{max_months} 个月",
                         "the probation of {name} ({member}) was extended by {months} month(s) on {date}; "
                         "{min_months} to {max_months} are allowed",
                         "延长预备期不能少于半年，最长不超过一年", "extend by six months at least and a year at most"),
             "twice": Message("{name}（{member}）的预备期在 {date} 再次延长（首次 {first}）；只能延长一次",
                              "the probation of {name} ({member}) was extended again on {date} (first on {first}); "
                              "only one extension is allowed",
                              "延长期满仍不具备条件的，应取消预备党员资格",
                              "if still unqualified at the end, the probationary membership is cancelled"),
             "no-months": Message("{name}（{member}）延长预备期（{date}）未写明月数",
                                  "the extension of the probation of {name} ({member}) on {date} does not say how "
                                  "many months",
                                  "在 extended 事件中写 months: 6（6—12）", "add months: 6 (6 to 12) to the extended event")},
         check=check_extension, versions=_eras(min_months=6, max_months=12),
         params=(Param("min_months", INT, 6, "延长的最短月数", "minimum months of an extension"),
                 Param("max_months", INT, 12, "延长的最长月数", "maximum months of an extension")),
         examples=(Example("- {date: 2025-06-25, event: extended, months: 6}",
                           "- {date: 2025-06-25, event: extended, months: 3}"),)),
)
