"""NTC: notice and disclosure — residents and members hear of a meeting before it, and of its result after.

Three kinds of obligation (RULEBOOK §4):

* **notice before a meeting** (NTC001 hearings, NTC002 deliberations of broad interest): the notice
  date in ``notice:`` is at least N calendar days before the meeting;
* **disclosure before a vote** (NTC003 admission, NTC004 conversion): the disclosure lasts at least N
  *working* days on the statutory calendar with its make-up days (调休) and ends before the general
  assembly meets. A year the calendar does not know is counted Monday–Friday and said so (NTC009);
* **publication after a meeting** (NTC006 hearings, NTC007 review meetings, NTC008 deliberations):
  only once the period has run out as of the as-of date does a missing publication become a finding.

NTC005 (the monthly dues publication) belongs to the dues family and lives in :mod:`zhidu_cli.rules.dues`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Iterable, Iterator

from zhidu_cli.diagnostics.finding import Severity
from zhidu_cli.model import vocab as V
from zhidu_cli.model.fields import INT
from zhidu_cli.model.pipeline import Passage, answered_since, best_disclosure, passages
from zhidu_cli.model.records import Dated, Decision, Meeting
from zhidu_cli.rules.engine import Context, Example, Message, Param, Rule

HEARINGS = "《社区听证会、议事会、评议会制度》"
BRANCH_RULES = "《社区党支部工作制度》"


# --- notice before a meeting ------------------------------------------------------------------------

def _notice(ctx: Context, type_id: str, public_interest_only: bool = False):
    for meeting in ctx.records.meetings_of(type_id):
        if meeting.date > ctx.as_of or (public_interest_only and not meeting.public_interest):
            continue
        days = ctx.param("days", on=meeting.date)
        facts = {"meeting": meeting.id, "date": meeting.date, "days": days}
        if meeting.notice is None:
            yield ctx.problem(meeting.where("date"), "missing", **facts)
            continue
        given = (meeting.date - meeting.notice.date).days
        if given < days:
            yield ctx.problem(meeting.notice.where("date"), notice_date=meeting.notice.date, given=given,
                              related=(meeting.where("date"),), **facts)


def check_hearing_notice(ctx: Context):
    yield from _notice(ctx, "hearing")


def check_deliberation_notice(ctx: Context):
    yield from _notice(ctx, "deliberation", public_interest_only=True)


# --- disclosure before a vote -----------------------------------------------------------------------

def voted_passages(ctx: Context, kind: str) -> tuple[Passage, ...]:
    """Every voted admission (or conversion) up to the as-of date, across the branch (memoized per run)."""
    def compute() -> tuple[Passage, ...]:
        found = [p for member_id in ctx.records.members
                 for p in passages(ctx.records, member_id, kind, ctx.as_of) if p.voted]
        return tuple(sorted(found, key=lambda p: (p.date, p.member)))
    return ctx.shared(("voted-passages", kind), compute)


def answers(ctx: Context, member_id: str, day: dt.date) -> bool:
    """Whether the branch answers, in these records, for ``member_id``'s fact or deadline dated ``day``
    (not before ``records_start``, nor before the member transferred in: :func:`answered_since`)."""
    since = ctx.shared(("answered-since", member_id, ctx.as_of),
                       lambda: answered_since(ctx.records, member_id, ctx.as_of))
    return since is None or day >= since


def _who(ctx: Context, member_id: str) -> dict:
    return {"member": member_id, "name": ctx.records.members[member_id].name}


def _disclosure(ctx: Context, kind: str):
    for passage in voted_passages(ctx, kind):
        if not answers(ctx, passage.member, passage.date):
            continue
        required = ctx.param("working_days", on=passage.date)
        facts = {**_who(ctx, passage.member), "meeting_date": passage.date, "required": required}
        meeting_at = passage.meeting.where("date") if passage.meeting else passage.location
        if not passage.disclosures:
            where = passage.decision.where("disclosures") if passage.decision else passage.location
            yield ctx.problem(where, "missing", **facts)
            continue
        if any(d.end < passage.date and ctx.calendar.workdays_in(d.start, d.end) >= required
               for d in passage.disclosures):
            continue
        shown = best_disclosure(passage)
        facts.update(start=shown.start, end=shown.end, workdays=ctx.calendar.workdays_in(shown.start, shown.end))
        if shown.end >= passage.date:
            yield ctx.problem(shown.where("end"), "late", related=(meeting_at,), **facts)
        else:
            yield ctx.problem(shown.where("end"), related=(shown.where("start"),), **facts)


def check_admission_disclosure(ctx: Context):
    yield from _disclosure(ctx, "admission")


def check_conversion_disclosure(ctx: Context):
    yield from _disclosure(ctx, "conversion")


def check_calendar_coverage(ctx: Context):
    """Once per year the calendar lacks, at the first disclosure counted in it (the others as related)."""
    touching: dict[int, list[tuple[Passage, object]]] = {}
    for kind in ("admission", "conversion"):
        for passage in voted_passages(ctx, kind):
            if not answers(ctx, passage.member, passage.date):
                continue
            for disclosure in passage.disclosures:
                for year in ctx.calendar.uncovered_years(disclosure.start, disclosure.end):
                    touching.setdefault(year, []).append((passage, disclosure))
    for year, found in sorted(touching.items()):
        found.sort(key=lambda pd: (pd[1].start, pd[0].member))
        passage, first = found[0]
        yield ctx.problem(first.where("start"), year=year, start=first.start, end=first.end,
                          related=tuple(d.where("start") for _, d in found[1:]), **_who(ctx, passage.member))


# --- publication after a meeting -----------------------------------------------------------------------

@dataclass(frozen=True)
class Publication:
    """A meeting whose result must be published within ``days`` days (NTC006, NTC007)."""

    meeting: Meeting
    days: int
    due: dt.date
    published: Dated | None       # the publication, when made by the as-of date


def publications(records, types: Iterable[str], days_on, as_of: dt.date) -> Iterator[Publication]:
    """Every meeting of ``types`` held by ``as_of``, with the day its result is due (``days_on(date)``
    days after it) and its publication if made by then. The rules report the late and the missing ones;
    ``zhidu agenda`` lists the ones not yet published."""
    seen: set[str] = set()
    for type_id in types:
        for meeting in records.meetings_of(type_id):
            if meeting.id in seen or meeting.date > as_of:
                continue
            seen.add(meeting.id)
            days = days_on(meeting.date)
            published = meeting.result_published
            if published is not None and published.date > as_of:
                published = None            # not yet a fact as of the as-of date
            yield Publication(meeting, days, meeting.date + dt.timedelta(days=days), published)


def _published(ctx: Context, types: tuple[str, ...]):
    for publication in publications(ctx.records, types, lambda day: ctx.param("days", on=day), ctx.as_of):
        meeting, published, due = publication.meeting, publication.published, publication.due
        facts = {"meeting": meeting.id, "date": meeting.date, "days": publication.days, "due": due}
        if published is not None:
            if published.date > due:
                yield ctx.problem(published.where("date"), "late", published=published.date,
                                  related=(meeting.where("date"),), **facts)
        elif ctx.as_of > due:
            yield ctx.problem(meeting.where("date"), **facts)


def _by(dated, as_of: dt.date) -> bool:
    """Whether a dated publication or disclosure was made by the as-of date."""
    return dated is not None and dated.date <= as_of


def check_hearing_result(ctx: Context):
    yield from _published(ctx, ("hearing",))


def check_review_result(ctx: Context):
    yield from _published(ctx, tuple(ctx.param("types")))


def outcomes_owed(records, grace_on, as_of: dt.date) -> Iterator[tuple[Meeting, Decision, dt.date]]:
    """NTC008: each adopted decision of a deliberation held by ``as_of`` whose outcome is not yet made known
    (neither the meeting's result published nor the decision's ``outcome_disclosed``), with the day after
    which its silence is reported (the meeting's date plus ``grace_on(date)`` days)."""
    for meeting in records.meetings_of("deliberation"):
        if meeting.date > as_of or _by(meeting.result_published, as_of):
            continue
        due = meeting.date + dt.timedelta(days=grace_on(meeting.date))
        for decision in records.decisions_by_meeting.get(meeting.id, ()):
            if decision.status == "adopted" and not _by(decision.outcome_disclosed, as_of):
                yield meeting, decision, due


def check_deliberation_outcome(ctx: Context):
    for meeting, decision, due in outcomes_owed(ctx.records, lambda day: ctx.param("grace_days", on=day), ctx.as_of):
        if ctx.as_of > due:
            yield ctx.problem(decision.loc, meeting=meeting.id, date=meeting.date, decision=decision.id,
                              title=decision.title, grace_days=(due - meeting.date).days,
                              related=(meeting.where("date"),))


# --- the rules ---------------------------------------------------------------------------------------

_NOTICE_HINT = ("在会议文件中填写 notice: {{date: …, channel: 社区公示栏}}", "add notice: {{date: …, channel: …}} to the meeting")

RULES = (
    Rule("NTC001", "hearing-notice", "NTC", "听证会召开 3 日前在社区公示栏公布时间、地点、内容和参加人员",
         "a hearing is announced on the notice board at least 3 days before", f"002 第七条(一)1{HEARINGS}",
         Severity.ERROR, {
             "": Message("听证会 {meeting}（{date}）于 {notice_date} 公告，只提前 {given} 天，应至少提前 {days} 天",
                         "hearing {meeting} ({date}) was announced on {notice_date}, only {given} days before; "
                         "at least {days} are required",
                         "听证会须在召开 {days} 日前公布，改期召开或重新公告",
                         "announce a hearing {days} days ahead; reschedule it or announce it again"),
             "missing": Message("听证会 {meeting}（{date}）没有会前公告记录",
                                "hearing {meeting} ({date}) has no record of its advance notice", *_NOTICE_HINT)},
         check=check_hearing_notice,
         params=(Param("days", INT, 3, "公告至少提前的天数（日历日）", "minimum days of notice (calendar days)"),),
         examples=(Example("type: 听证会\ndate: 2025-06-20\nnotice: {date: 2025-06-17, channel: 社区公示栏}",
                           "type: 听证会\ndate: 2025-06-20\nnotice: {date: 2025-06-18, channel: 社区公示栏}"),)),
    Rule("NTC002", "deliberation-notice", "NTC", "议题涉及群众利益的议事会至少提前 3 天公告",
         "a deliberation on matters of broad interest is announced at least 3 days before",
         f"002 第十一条(一)2{HEARINGS}", Severity.ERROR, {
             "": Message("议事会 {meeting}（{date}）涉及群众利益，于 {notice_date} 公告，只提前 {given} 天，应至少提前 {days} 天",
                         "deliberation {meeting} ({date}) concerns residents broadly but was announced on "
                         "{notice_date}, only {given} days before; at least {days} are required",
                         "通过宣传橱窗、党务公开栏、短信等至少提前 {days} 天公告",
                         "announce it at least {days} days ahead (notice board, text messages …)"),
             "missing": Message("议事会 {meeting}（{date}）涉及群众利益，没有会前公告记录",
                                "deliberation {meeting} ({date}) concerns residents broadly but has no record of "
                                "its advance notice", *_NOTICE_HINT)},
         check=check_deliberation_notice,
         params=(Param("days", INT, 3, "公告至少提前的天数（日历日）", "minimum days of notice (calendar days)"),),
         examples=(Example("type: 议事会\npublic_interest: true\ndate: 2025-06-20\nnotice: {date: 2025-06-17}",
                           "type: 议事会\npublic_interest: true\ndate: 2025-06-20  # no notice"),)),
    Rule("NTC003", "admission-disclosure", "NTC",
         "拟接收的预备党员在支部党员大会前公示，公示期不少于 N 个工作日并在会前结束",
         "a candidate for admission is disclosed for at least N working days, ending before the general assembly",
         f"000 §四.4{BRANCH_RULES}; 《中国共产党发展党员工作细则》（公示天数依地方规定）", Severity.ERROR, {
             "": Message("{name}（{member}）的接收公示 {start} 至 {end} 只有 {workdays} 个工作日，少于 {required} 个工作日",
                         "the admission disclosure of {name} ({member}), {start} to {end}, lasts {workdays} working "
                         "days, fewer than {required}",
                         "公示须满 {required} 个工作日（按法定节假日和调休计算）后再召开支部党员大会",
                         "disclose for {required} full working days (statutory holidays and make-up days counted) "
                         "before the general assembly"),
             "late": Message("{name}（{member}）的接收公示 {start} 至 {end} 未在支部党员大会（{meeting_date}）之前结束",
                             "the admission disclosure of {name} ({member}), {start} to {end}, does not end before "
                             "the general assembly on {meeting_date}",
                             "公示期满后才能提交支部党员大会讨论", "the assembly may only meet once the disclosure is over"),
             "missing": Message("{name}（{member}）提交支部党员大会（{meeting_date}）讨论接收前没有公示记录",
                                "{name} ({member}) went to the general assembly on {meeting_date} without a recorded "
                                "disclosure",
                                "在接收决定中填写 disclosures: [{{from: …, to: …, channel: 党务公开栏}}]",
                                "add disclosures: [{{from: …, to: …, channel: …}}] to the admission decision")},
         check=check_admission_disclosure,
         params=(Param("working_days", INT, 5, "公示至少持续的工作日数（部分地方为 7）",
                       "minimum length of the disclosure in working days (7 in some localities)"),),
         examples=(Example("disclosures: [{from: 2025-09-26, to: 2025-10-09}]  # 5 working days across National Day"
                           "\nmeeting: 2025-10-10-general-assembly",
                           "disclosures: [{from: 2025-09-26, to: 2025-10-08}]  # 4 working days"
                           "\nmeeting: 2025-10-10-general-assembly"),)),
    Rule("NTC004", "conversion-disclosure", "NTC",
         "拟转正的预备党员在支部党员大会前公示，公示期不少于 N 个工作日并在会前结束",
         "a probationary member to be converted is disclosed for at least N working days, ending before the "
         "general assembly", f"000 §四.4{BRANCH_RULES}", Severity.ERROR, {
             "": Message("{name}（{member}）的转正公示 {start} 至 {end} 只有 {workdays} 个工作日，少于 {required} 个工作日",
                         "the conversion disclosure of {name} ({member}), {start} to {end}, lasts {workdays} "
                         "working days, fewer than {required}",
                         "公示须满 {required} 个工作日（按法定节假日和调休计算）后再召开支部党员大会",
                         "disclose for {required} full working days (statutory holidays and make-up days counted) "
                         "before the general assembly"),
             "late": Message("{name}（{member}）的转正公示 {start} 至 {end} 未在支部党员大会（{meeting_date}）之前结束",
                             "the conversion disclosure of {name} ({member}), {start} to {end}, does not end before "
                             "the general assembly on {meeting_date}",
                             "公示期满后才能提交支部党员大会讨论", "the assembly may only meet once the disclosure is over"),
             "missing": Message("{name}（{member}）提交支部党员大会（{meeting_date}）讨论转正前没有公示记录",
                                "{name} ({member}) went to the general assembly on {meeting_date} for conversion "
                                "without a recorded disclosure",
                                "在转正决定中填写 disclosures: [{{from: …, to: …, channel: 党务公开栏}}]",
                                "add disclosures: [{{from: …, to: …, channel: …}}] to the conversion decision")},
         check=check_conversion_disclosure,
         params=(Param("working_days", INT, 5, "公示至少持续的工作日数（部分地方为 7）",
                       "minimum length of the disclosure in working days (7 in some localities)"),),
         examples=(Example("kind: conversion\ndisclosures: [{from: 2025-01-20, to: 2025-02-06}]"
                           "  # 5 working days across the Spring Festival\nmeeting: 2025-02-07-general-assembly",
                           "kind: conversion\ndisclosures: [{from: 2025-01-20, to: 2025-02-05}]  # 4 working days"
                           "\nmeeting: 2025-02-07-general-assembly"),)),
    Rule("NTC006", "hearing-result-published", "NTC", "听证会结果在会后 N 日内于居务公开栏公布",
         "a hearing's result is published within N days", f"002 第七条(三){HEARINGS}（原文期限为“x 日”，默认 7 日）",
         Severity.WARNING, {
             "late": Message("听证会 {meeting}（{date}）的结果于 {published} 公布，晚于会后 {days} 天（{due}）",
                             "the result of hearing {meeting} ({date}) was published on {published}, later than "
                             "{days} days after it ({due})",
                             "听证会结束后及时在居务公开栏公布结果", "publish the result on the notice board promptly"),
             "": Message("听证会 {meeting}（{date}）的结果在会后 {days} 天内（{due} 前）未见公布记录",
                                "no publication of the result of hearing {meeting} ({date}) within {days} days "
                                "(by {due})",
                                "公布后在会议文件中填写 result_published: {{date: …, channel: 居务公开栏}}",
                                "once published, add result_published: {{date: …, channel: …}} to the meeting")},
         check=check_hearing_result,
         params=(Param("days", INT, 7, "会后公布结果的期限（日历日）；原文为“x 日”", "days allowed to publish the result"),),
         examples=(Example("type: 听证会\ndate: 2025-06-20\nresult_published: {date: 2025-06-27}",
                           "type: 听证会\ndate: 2025-06-20\nresult_published: {date: 2025-06-28}"),)),
    Rule("NTC007", "review-result-published", "NTC", "评议会结果在会后 N 日内于党务公开栏公布",
         "a review meeting's results are published within N days", f"002 第十八条(三){HEARINGS}（原文期限为“x 日”，默认 7 日）",
         Severity.WARNING, {
             "late": Message("评议会 {meeting}（{date}）的结果于 {published} 公布，晚于会后 {days} 天（{due}）",
                             "the results of review meeting {meeting} ({date}) were published on {published}, later "
                             "than {days} days after it ({due})",
                             "评议结果应及时在党务公开栏公布并报街道党工委备案",
                             "publish the results on the notice board promptly and file them with the street "
                             "committee"),
             "": Message("评议会 {meeting}（{date}）的结果在会后 {days} 天内（{due} 前）未见公布记录",
                                "no publication of the results of review meeting {meeting} ({date}) within {days} "
                                "days (by {due})",
                                "公布后在会议文件中填写 result_published: {{date: …, channel: 党务公开栏}}",
                                "once published, add result_published: {{date: …, channel: …}} to the meeting")},
         check=check_review_result,
         params=(Param("days", INT, 7, "会后公布结果的期限（日历日）；原文为“x 日”", "days allowed to publish the results"),
                 Param("types", V.MEETING_TYPES.kind(), ("review-meeting", "year-end-review"),
                       "视为评议会的会议类型（“四报一评议”即评议会）",
                       "meeting types that are review meetings (四报一评议 is one)")),
         examples=(Example("type: 四报一评议\ndate: 2025-12-20\nresult_published: {date: 2025-12-26}",
                           "type: 四报一评议\ndate: 2025-12-20  # nothing published by 2025-12-27"),)),
    Rule("NTC008", "deliberation-outcome-disclosed", "NTC", "议事会通过的议案向涉及的党员群众书面公示或口头告知",
         "a deliberation's adopted proposals are disclosed to those concerned", f"002 第十一条(三)3{HEARINGS}",
         Severity.WARNING, {
             "": Message("议事会 {meeting}（{date}）通过的“{title}”（{decision}）未见向涉及的党员群众公示或告知",
                         "“{title}” ({decision}), adopted by deliberation {meeting} ({date}), was not disclosed to "
                         "those concerned",
                         "告知后在决定中填写 outcome_disclosed: {{date: …, channel: 书面公示}}，或在会议中填写 result_published",
                         "add outcome_disclosed: {{date: …, channel: …}} to the decision, or result_published to "
                         "the meeting")},
         check=check_deliberation_outcome,
         params=(Param("grace_days", INT, 7, "会后多少天仍未告知才提示（原文未定期限）",
                       "days after the meeting before a missing disclosure is reported (the source sets no limit)"),),
         examples=(Example("meeting: 2025-06-17-deliberation\nstatus: adopted\n"
                           "outcome_disclosed: {date: 2025-06-25, channel: 书面公示}",
                           "meeting: 2025-06-17-deliberation\nstatus: adopted  # no outcome_disclosed 8 days later"),)),
    Rule("NTC009", "calendar-covers-year", "NTC", "计算公示工作日所需年份的法定节假日安排已知",
         "the statutory calendar of every year a disclosure spans is known",
         "国务院办公厅关于部分节假日安排的通知（每年发布）; 记录仓库 calendar.yaml", Severity.WARNING, {
             "": Message("公示 {start} 至 {end} 跨越 {year} 年，工作日历不含该年的法定节假日和调休，已按周一至周五计算",
                         "the disclosure {start} to {end} spans {year}, whose statutory holidays and make-up days are "
                         "unknown: working days were counted Monday to Friday",
                         "在记录仓库的 calendar.yaml 中写明 {year} 年的放假与调休：years: [{{year: {year}, holidays: […], "
                         "workdays: […]}}]，或升级 zhidu",
                         "declare {year} in the repository's calendar.yaml: years: [{{year: {year}, holidays: […], "
                         "workdays: […]}}], or upgrade zhidu")},
         check=check_calendar_coverage,
         examples=(Example("disclosures: [{from: 2025-09-26, to: 2025-10-09}]",
                           "disclosures: [{from: 2031-09-26, to: 2031-10-09}]  # no calendar.yaml entry for 2031"),)),
)
