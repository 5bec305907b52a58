"""EVL and TRN: the yearly democratic review of members, and training — plus MOB006, the review's
rule for members away.

**The review** (000 §八) is recorded as one or more meetings of type ``democratic-review`` (民主评议党员),
each with ``reviews:`` — one entry per member: ``grade`` (优秀 / 合格 / 基本合格 / 不合格), for an
unqualified grade the ``measure`` taken or the ``decision`` taking it, and ``written: true`` for a member
away who took part in writing. All review meetings of a calendar year form that year's review, so a
branch may review group by group. ``reported`` on a review meeting is the report of the grades to the
upper organization (EVL001); the summary with corrective measures (EVL003) is the ``note`` of that
report — ``reported: {date: …, to: 街道党工委, note: 工作小结及整改措施 …}``. The source gives no
deadline for either report; both are judged ``report_within_days`` days after the year's review.

**Training** is the ``training:`` list of a member file (date, kind, days). The three TRN rules come
from one locality's documents (RULEBOOK §8 marks them local): they are off in the national baseline
and on in the ``guizhou-community`` profile; another branch switches one on in ``zhidu.yaml``
(``rules: {TRN002: {enabled: true, days: 10}}`` for the 10 days of seed 003 §一). A year's total is
judged only after the year has ended, and for every year that ends on or after ``records_start``
(without it: years wholly after ``founded``, else the first meeting recorded).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from zhidu_cli.diagnostics.finding import Severity
from zhidu_cli.model import vocab as V
from zhidu_cli.model.fields import DECIMAL, INT
from zhidu_cli.model.records import Event, Meeting, ReviewGrade, Role
from zhidu_cli.model.status import Timeline
from zhidu_cli.rules.engine import Context, Example, Message, Param, Rule
from zhidu_cli.rules.mobile import away_segments, expected_members
from zhidu_cli.schedule.periods import add_months

_DAY = dt.timedelta(days=1)


# --- the review, year by year -------------------------------------------------------------------------

@dataclass(frozen=True)
class ReviewYear:
    """The democratic review meetings of one calendar year held by the as-of date, and who took part."""

    year: int
    meetings: tuple[Meeting, ...]
    expected: dict[str, Meeting]        # member → the last of the year's meetings that expected them
    grades: dict[str, ReviewGrade]      # member → their grade (the last one given in the year)
    attended: frozenset[str]            # members in the attendees of any of the year's meetings
    unreadable: bool = False            # a grade could not be read or names nobody: who lacks one is unknown


def review_years(ctx: Context) -> list[ReviewYear]:
    by_year: dict[int, list[Meeting]] = defaultdict(list)
    for meeting in ctx.records.meetings_of("democratic-review"):
        if meeting.date <= ctx.as_of:
            by_year[meeting.date.year].append(meeting)
    years = []
    for year in sorted(by_year):
        meetings = tuple(by_year[year])
        expected: dict[str, Meeting] = {}
        grades: dict[str, ReviewGrade] = {}
        attended: set[str] = set()
        unreadable = False
        for meeting in meetings:
            unreadable = unreadable or "reviews" in meeting.refused or any(
                g.member not in ctx.records.members for g in meeting.reviews)
            for member_id in expected_members(ctx, meeting):
                expected[member_id] = meeting
            for grade in meeting.reviews:
                grades[grade.member] = grade
            attended.update(meeting.attendees)
        years.append(ReviewYear(year, meetings, expected, grades, frozenset(attended), unreadable))
    return years


def _years(ctx: Context) -> list[ReviewYear]:
    return ctx.shared(("review_years", ctx.as_of), lambda: review_years(ctx))


def _who(records, member_id: str) -> dict:
    member = records.members.get(member_id)
    return {"name": member.name if member else member_id, "member": member_id}


def check_grades(ctx: Context):
    """EVL001: every member expected at a year's review (on the rolls that day) has a grade in it, and
    every review meeting that graded members reports the grades once ``report_within_days`` have passed."""
    for year in _years(ctx):
        # one mistake, one finding: with a grade unreadable (SCH) or naming nobody (REF003), the member
        # who seems ungraded is most likely the one it was meant for
        missing = () if year.unreadable else sorted(set(year.expected) - set(year.grades))
        for member_id in missing:
            meeting = year.expected[member_id]
            yield ctx.problem(meeting.where("reviews"), **_who(ctx.records, member_id), year=year.year,
                              meeting=meeting.id)
    days_on = lambda day: ctx.param("report_within_days", on=day)   # noqa: E731
    for meeting, due in grade_reports_owed(ctx.records, days_on, ctx.as_of):
        if ctx.as_of > due:
            yield ctx.problem(meeting.where("reported"), "not-reported", meeting=meeting.id, date=meeting.date,
                              days=(due - meeting.date).days,
                              upper=ctx.records.branch.upper if ctx.records.branch else "上级党委")


def _reported_by(meeting: Meeting, as_of: dt.date):
    report = meeting.reported
    return report if report is not None and report.date <= as_of else None


def grade_reports_owed(records, days_on, as_of: dt.date):
    """EVL001: each review meeting held by ``as_of`` that graded members and has not reported the grades to
    the upper organization by then, with the last day to report (``days_on(date)`` days after it).
    The rule reports the ones past that day; ``zhidu agenda`` lists them all."""
    for meeting in records.meetings_of("democratic-review"):
        if meeting.date <= as_of and meeting.reviews and _reported_by(meeting, as_of) is None:
            yield meeting, meeting.date + dt.timedelta(days=days_on(meeting.date))


def summaries_owed(records, days_on, as_of: dt.date):
    """EVL003: each year whose review meetings (held by ``as_of``) have not reported the summary and the
    corrective measures (a ``reported`` with a ``note``): (year, the year's last review meeting, the last day)."""
    by_year: dict[int, list[Meeting]] = defaultdict(list)
    for meeting in records.meetings_of("democratic-review"):
        if meeting.date <= as_of:
            by_year[meeting.date.year].append(meeting)
    for year, meetings in sorted(by_year.items()):
        if any((report := _reported_by(m, as_of)) is not None and report.note for m in meetings):
            continue
        last = meetings[-1]
        yield year, last, last.date + dt.timedelta(days=days_on(last.date))


def check_measures(ctx: Context):
    """EVL002: an unqualified grade names the ``measure`` taken or the ``decision`` taking it."""
    for meeting in ctx.records.meetings_of("democratic-review"):
        if meeting.date > ctx.as_of:
            continue
        for grade in meeting.reviews:
            if grade.grade == "unqualified" and not grade.measure and not grade.decision:
                yield ctx.problem(grade.where("grade"), **_who(ctx.records, grade.member), meeting=meeting.id)


def check_summary(ctx: Context):
    """EVL003: one of the year's review meetings has ``reported`` with a ``note`` (the summary and
    corrective measures), judged ``report_within_days`` days after the year's last review meeting."""
    days_on = lambda day: ctx.param("report_within_days", on=day)   # noqa: E731
    for year, last, due in summaries_owed(ctx.records, days_on, ctx.as_of):
        if ctx.as_of > due:
            yield ctx.problem(last.where("reported"), year=year, meeting=last.id, days=(due - last.date).days)


def check_away_review(ctx: Context):
    """MOB006: a member away on the day of a review meeting that expected them took part in the year's
    review — in the attendees of one of its meetings, or graded with ``written: true``."""
    for year in _years(ctx):
        away_at: dict[str, tuple[Meeting, Event]] = {}
        for meeting in year.meetings:
            for member_id in expected_members(ctx, meeting):
                timeline = ctx.records.timeline(member_id)
                event = timeline.away(meeting.date) if timeline else None
                if event is not None:
                    away_at.setdefault(member_id, (meeting, event))
        for member_id in sorted(away_at):
            grade = year.grades.get(member_id)
            if member_id in year.attended or (grade is not None and grade.written) or \
                    (grade is None and year.unreadable):      # their grade may be the unreadable one
                continue
            meeting, event = away_at[member_id]
            location = grade.loc if grade is not None else meeting.where("attendees")
            yield ctx.problem(location, **_who(ctx.records, member_id), year=year.year, meeting=meeting.id,
                              place=event.place or "外地", related=(event.where("date"),))


# --- training -----------------------------------------------------------------------------------------

def records_begin(records) -> dt.date | None:
    """The first day the records speak for: ``records_start``, else ``founded``, else the first meeting."""
    branch = records.branch
    if branch is not None and (branch.records_start or branch.founded):
        return branch.records_start or branch.founded
    return records.meetings[0].date if records.meetings else None


def judged_years(records, as_of: dt.date) -> range:
    """Calendar years ended before the as-of date that the records answer for: every year ending on or
    after ``records_start`` (issue 8.2 — its training recorded before ``records_start`` counts), else the
    years wholly after ``founded`` or the first meeting (a guessed start judges whole years only)."""
    begin = records_begin(records)
    if begin is None:
        return range(0)
    explicit = records.branch is not None and records.branch.records_start is not None
    first = begin.year if explicit or begin == dt.date(begin.year, 1, 1) else begin.year + 1
    last = as_of.year - 1              # on 31 December the year is still in progress
    return range(first, last + 1)


def _days(values) -> Decimal:
    return sum((Decimal(v) for v in values), Decimal(0))


def _days_text(days: Decimal) -> str:
    return format(days.normalize(), "f")


def _trained(timeline: Timeline, year: int, kinds) -> Decimal:
    return _days(t.days for t in timeline.member.training if t.date.year == year and t.kind in kinds)


def collective_shortfalls(records, year: int, required: Decimal, kinds, until: dt.date) -> list[tuple[str, Decimal]]:
    """TRN001's members of ``year`` — on the rolls on 1 January and on ``until`` (31 December for a year
    that has ended, the as-of date for the year in progress), and not away at any time between (away
    members study where they are, 000 §七.3) — with fewer than ``required`` days of ``kinds`` training:
    (member id, days recorded). The rule and ``zhidu agenda`` read the same list."""
    first = dt.date(year, 1, 1)
    out = []
    for member_id in sorted(records.members):
        timeline = records.timelines[member_id]
        if not (timeline.is_member(first) and timeline.is_member(until)):
            continue
        if any(s.start <= until and (s.end is None or s.end > first) for s in away_segments(timeline)):
            continue
        days = _trained(timeline, year, set(kinds))
        if days < required:
            out.append((member_id, days))
    return out


def worker_shortfalls(records, year: int, required: Decimal, kinds, roles, until: dt.date) -> list[tuple[str, Decimal]]:
    """TRN002's community workers of ``year`` — party members holding one of ``roles`` on 1 January and
    on ``until`` — with fewer than ``required`` days of ``kinds`` training: (member id, days recorded)."""
    first = dt.date(year, 1, 1)
    out = []
    for member_id in sorted(records.members):
        timeline = records.timelines[member_id]
        if not (timeline.has_role(first, *roles) and timeline.has_role(until, *roles)):
            continue
        days = _trained(timeline, year, set(kinds))
        if days < required:
            out.append((member_id, days))
    return out


def check_collective(ctx: Context):
    """TRN001: a member on the rolls on 1 January and 31 December, and not away at any time that year,
    records ``days`` days of ``kinds`` training (:func:`collective_shortfalls`)."""
    records = ctx.records
    for year in judged_years(records, ctx.as_of):
        last = dt.date(year, 12, 31)
        required = ctx.param("days", on=last)
        for member_id, days in collective_shortfalls(records, year, required, ctx.param("kinds", on=last), last):
            member = records.members[member_id]
            yield ctx.problem(member.where("training"), name=member.name, member=member_id,
                              year=year, days=_days_text(days), required=_days_text(required))


def check_workers(ctx: Context):
    """TRN002: community workers — party members holding one of ``roles`` (by default the secretary and
    the residents' committee: its director and members) on both 1 January and 31 December — record
    ``days`` days of ``kinds`` training that year. Non-party residents' committee members have no member
    file and are not counted here."""
    records = ctx.records
    for year in judged_years(records, ctx.as_of):
        last = dt.date(year, 12, 31)
        required = ctx.param("days", on=last)
        for member_id, days in worker_shortfalls(records, year, required, ctx.param("kinds", on=last),
                                                 tuple(ctx.param("roles", on=last)), last):
            member = records.members[member_id]
            yield ctx.problem(member.where("training"), name=member.name, member=member_id,
                              year=year, days=_days_text(days), required=_days_text(required))


def _tenures(roles: list[Role]) -> list[tuple[dt.date, dt.date | None, list[Role]]]:
    """Continuous time in office across ``roles`` (adjacent or overlapping terms merged)."""
    tenures: list[tuple[dt.date, dt.date | None, list[Role]]] = []
    for role in sorted(roles, key=lambda r: r.start):
        if tenures and (tenures[-1][1] is None or role.start <= tenures[-1][1]):
            start, end, held = tenures[-1]
            new_end = None if end is None or role.end is None else max(end, role.end)
            tenures[-1] = (start, new_end, held + [role])
        else:
            tenures.append((role.start, role.end, [role]))
    return tenures


def check_cadre_training(ctx: Context):
    """TRN003: the secretary and the residents' director (``roles``)

    * have a ``pre-office`` training dated on or before the day they take office — checked for terms
      starting inside the records, and not for a term that continues the same office without a gap;
    * pass through the party school (``party-school`` training) within every ``years`` years in office:
      counted from the start of their time in office (or of the records, if later), then from each
      party-school training; a term that ends before the deadline needs none.
    """
    records = ctx.records
    begin = records_begin(records)
    if begin is None:
        return
    roles = set(ctx.param("roles"))
    for member_id in sorted(records.members):
        timeline = records.timelines[member_id]
        member = timeline.member
        held = [r for r in member.roles if r.role in roles and r.start <= ctx.as_of]
        if not held:
            continue
        pre_office = sorted(t.date for t in member.training if t.kind == "pre-office")
        for role in held:
            if role.start < begin or timeline.has_role(role.start - _DAY, role.role):
                continue
            if not any(d <= role.start for d in pre_office):
                yield ctx.problem(role.where("from"), "pre-office", name=member.name, member=member_id,
                                  role=V.ROLES.zh(role.role), role_en=role.role, start=role.start)
        schooling = sorted(t.date for t in member.training if t.kind == "party-school")
        for start, end, terms in _tenures(held):
            if end is not None and end <= begin:
                continue
            clock = max(start, begin)
            lowest = clock
            while True:
                years = ctx.param("years", on=clock)
                due = add_months(clock, 12 * years)
                if ctx.as_of <= due or (end is not None and end <= due):
                    break
                done = [d for d in schooling if lowest <= d <= due]
                if done:
                    clock, lowest = done[-1], done[-1] + _DAY
                    continue
                role = next((r for r in reversed(terms) if r.start <= due), terms[0])
                yield ctx.problem(role.where("from"), "rotation", name=member.name, member=member_id,
                                  role=V.ROLES.zh(role.role), role_en=role.role, since=clock, due=due, years=years)
                later = [d for d in schooling if due < d <= ctx.as_of]
                if not later:
                    break
                clock, lowest = later[0], later[0] + _DAY


# --- the rules ----------------------------------------------------------------------------------------

_REVIEW_FAIL = ("type: 民主评议党员\ndate: 2025-12-10\nattendees: [zhang-san, li-si]\nreviews:\n"
                "  - {member: zhang-san, grade: 合格}\nreported: {date: 2025-12-15, to: 街道党工委, note: 工作小结及整改措施}")
_REVIEW_PASS = _REVIEW_FAIL.replace("reviews:\n", "reviews:\n  - {member: li-si, grade: 优秀}\n")
_REPORT_DAYS = Param("report_within_days", INT, 30, "评议后该天数内报上级党委（来源未规定期限）",
                     "days after the review within which it is reported (the source sets no deadline)")
_TRAINING = "name: 王五\ngroup: g1\nhistory:\n  - {{date: 2010-07-01, event: full}}\ntraining:\n{items}"

RULES = (
    Rule("EVL001", "every-member-graded", "EVL", "每年民主评议每名党员都评定等次并报上级党委",
         "every member is graded in the yearly review, and the grades are reported to the upper organization",
         "000 §八.4《民主评议党员制度》", Severity.ERROR, {
             "": Message("{name}（{member}）在 {year} 年民主评议（{meeting}）中没有评定等次",
                         "{name} ({member}) received no grade in the {year} democratic review ({meeting})",
                         "在评议会议的 reviews 中为其写 grade（优秀 / 合格 / 基本合格 / 不合格）",
                         "add their grade under reviews: of the review meeting"),
             "not-reported": Message("民主评议 {meeting}（{date}）的评定结果 {days} 天内未报 {upper} 审定",
                                     "the grades of the review {meeting} ({date}) were not reported to {upper} within {days} days",
                                     "报上级党委审定后在会议中记录 reported（日期、报送对象）",
                                     "report them and record reported: (date, to) on the meeting")},
         check=check_grades, params=(_REPORT_DAYS,),
         examples=(Example(_REVIEW_PASS, _REVIEW_FAIL + "  # li-si has no grade"),)),
    Rule("EVL002", "unqualified-measure", "EVL", "不合格党员须有处置措施",
         "an unqualified grade is followed by a recorded measure", "000 §八.5《民主评议党员制度》", Severity.ERROR, {
             "": Message("{name}（{member}）在 {meeting} 中被评为不合格，未记录处置措施",
                         "{name} ({member}) was graded unqualified in {meeting} with no measure recorded",
                         "写明 measure（教育帮助、限期改正、劝其退党、党内除名）或处置决定 decision",
                         "record the measure (education, deadline to correct, persuasion to leave, removal) or the decision")},
         check=check_measures,
         examples=(Example("reviews:\n  - {member: zhao-liu, grade: 不合格, measure: 限期改正}",
                           "reviews:\n  - {member: zhao-liu, grade: 不合格}"),)),
    Rule("EVL003", "review-summary", "EVL", "民主评议结束后须将工作小结及整改措施报上级党委",
         "after the review a summary with corrective measures is reported", "000 §八.6《民主评议党员制度》",
         Severity.WARNING, {
             "": Message("{year} 年民主评议（{meeting}）结束 {days} 天后仍未报送工作小结及整改措施",
                         "{days} days after the {year} democratic review ({meeting}) no summary with corrective "
                         "measures has been reported",
                         "报上级党委后在评议会议的 reported 中写明日期、报送对象，note 写小结与整改措施",
                         "report it, and record on the meeting reported: with date, to, and the summary and measures as note")},
         check=check_summary, params=(_REPORT_DAYS,),
         examples=(Example(_REVIEW_PASS, _REVIEW_PASS.replace(", note: 工作小结及整改措施", "")),)),
    Rule("MOB006", "away-member-reviewed", "MOB", "外出党员须参加一年一度的民主评议",
         "members away still take part in the yearly democratic review",
         "004 党员教育管理制度 6; 000 §八.3《民主评议党员制度》", Severity.ERROR, {
             "": Message("{name}（{member}）评议时在外（{place}），未参加 {year} 年民主评议（{meeting}），也未书面参评",
                         "{name} ({member}) was away ({place}) and took part in the {year} democratic review "
                         "({meeting}) neither in person nor in writing",
                         "督促其按时返回参评，或书面参加评议（reviews 中写 written: true）",
                         "have them return for it, or take part in writing (written: true in reviews)")},
         check=check_away_review,
         examples=(Example("reviews:\n  - {member: zhao-liu, grade: 合格, written: true}  # zhao-liu is away",
                           "reviews:\n  - {member: zhao-liu, grade: 合格}  # away, not in attendees, not written"),)),
    Rule("TRN001", "member-education-days", "TRN", "党员每年参加集体教育不少于 6 天（贵州）",
         "members' collective education of at least 6 days a year (Guizhou)", "001 §四.8（贵州，地方规定）",
         Severity.WARNING, {
             "": Message("{name}（{member}）{year} 年参加集体教育 {days} 天，少于 {required} 天",
                         "{name} ({member}) had {days} days of collective education in {year}, fewer than {required}",
                         "在成员文件 training 中记录集体教育（kind: collective, days）",
                         "record collective education under training (kind: collective, days)")},
         check=check_collective, enabled_by_default=False,
         params=(Param("days", DECIMAL, Decimal(6), "每年集体教育的最少天数", "minimum days of collective education a year"),
                 Param("kinds", V.TRAINING_KINDS.kind(), ("collective",), "计入的培训类别", "training kinds that count")),
         examples=(Example(_TRAINING.format(items="  - {date: 2024-03-01, kind: collective, days: 6}"),
                           _TRAINING.format(items="  - {date: 2024-03-01, kind: collective, days: 5.5}")
                           + "  # as of 2025-01-01"),)),
    Rule("TRN002", "worker-training-days", "TRN", "社区工作者每年培训不少于 7 天（贵州；003 为 10 天）",
         "community workers' training of at least 7 days a year (Guizhou; 10 in seed 003)",
         "001 §四.7（贵州，地方规定）; 003 §一", Severity.WARNING, {
             "": Message("社区工作者 {name}（{member}）{year} 年培训 {days} 天，少于 {required} 天",
                         "community worker {name} ({member}) had {days} days of training in {year}, fewer than {required}",
                         "在成员文件 training 中记录政治和业务培训（kind: community-worker, days）",
                         "record their training under training (kind: community-worker, days)")},
         check=check_workers, enabled_by_default=False,
         params=(Param("days", DECIMAL, Decimal(7), "每年培训的最少天数（003 §一 为 10 天）",
                       "minimum days of training a year (10 in seed 003 §一)"),
                 Param("kinds", V.TRAINING_KINDS.kind(), ("community-worker", "party-school", "pre-office"),
                       "计入的培训类别", "training kinds that count"),
                 Param("roles", V.ROLES.kind(), ("secretary", "residents-director", "residents-committee"),
                       "视为社区工作者的职务", "roles that make a member a community worker")),
         examples=(Example(
             "roles:\n  - {role: 居委会主任, from: 2021-01-01}\ntraining:\n  - {date: 2024-05-06, kind: community-worker, days: 7}",
             "roles:\n  - {role: 居委会主任, from: 2021-01-01}\ntraining:\n  - {date: 2024-05-06, kind: community-worker, days: 6}"
             "  # as of 2025-01-01"),)),
    Rule("TRN003", "cadre-training", "TRN", "书记、主任任前培训，每 3 年到党校轮训一遍（贵州）",
         "the secretary and the residents' director are trained before taking office and rotated through the "
         "party school every 3 years (Guizhou)", "001 §四.6（贵州，地方规定）", Severity.WARNING, {
             "": Message("{name}（{member}）的{role}培训记录不全", "{name} ({member}): {role_en} training incomplete"),
             "pre-office": Message("{name}（{member}）{start} 任{role}前没有任前培训记录",
                                   "{name} ({member}) took office as {role_en} on {start} without pre-office training",
                                   "在 training 中记录任前培训（kind: pre-office），日期不晚于任职之日",
                                   "record the pre-office training (kind: pre-office), dated on or before taking office"),
             "rotation": Message("{name}（{member}）任{role}，自 {since} 起 {years} 年内（至 {due}）未到党校轮训",
                                 "{name} ({member}), {role_en}, has not been through the party school in the {years} "
                                 "years from {since} (due {due})",
                                 "记录党校轮训（kind: party-school）", "record the party-school rotation (kind: party-school)")},
         check=check_cadre_training, enabled_by_default=False,
         params=(Param("roles", V.ROLES.kind(), ("secretary", "residents-director"), "须任前培训和轮训的职务",
                       "roles that need pre-office training and rotation"),
                 Param("years", INT, 3, "党校轮训的间隔年数", "years between party-school rotations")),
         examples=(Example(
             "roles:\n  - {role: 书记, from: 2024-03-01}\ntraining:\n  - {date: 2024-02-20, kind: pre-office, days: 3}",
             "roles:\n  - {role: 书记, from: 2024-03-01}\ntraining: []  # no pre-office training"),)),
)
