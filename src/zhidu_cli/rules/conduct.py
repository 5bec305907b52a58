"""CND: a meeting is conducted and minuted the way the rules ask (RULEBOOK §3).

Who chaired, who kept the record, who stepped aside, what the democratic life meeting agreed with the
upper organization beforehand and reported afterwards, whether a decision was carried out, and why
absent members were absent. People are looked up as of the meeting date (roles, groups, away).
"""

from __future__ import annotations

import datetime as dt

from zhidu_cli.diagnostics.finding import Severity
from zhidu_cli.model import vocab as V
from zhidu_cli.model.fields import INT
from zhidu_cli.rules import counting as C
from zhidu_cli.rules.engine import Context, Example, Message, Param, Rule
from zhidu_cli.rules.quorum import who

TYPE = V.MEETING_TYPES.kind()
GROUP_LEADER = "group-leader"

# meeting type → the roles that chair it (000 §二.1–3, §十.2)
CHAIRS = {
    "branch-committee": ("secretary",),
    "general-assembly": ("secretary", "deputy-secretary"),
    "group-meeting": (GROUP_LEADER,),
    "joint-meeting": ("secretary",),
}


def _held(ctx: Context):
    """Meetings dated on or before the as-of date (later ones are plans, reported by REF005), not
    before ``records_start`` (:func:`zhidu_cli.rules.counting.answered_for`)."""
    return C.answered_meetings(ctx.records, ctx.as_of)


def _qualifies(records, member_id: str | None, roles: tuple[str, ...], meeting) -> bool:
    timeline = records.timeline(member_id) if member_id else None
    if timeline is None:
        return False
    day = meeting.date
    for role in timeline.member.roles:
        if role.role not in roles or not (role.start <= day and (role.end is None or day < role.end)):
            continue
        if role.role != GROUP_LEADER or meeting.group is None:
            return True
        if (role.group or timeline.group(day)) == meeting.group:
            return True
    return False


def _role_text(roles: tuple[str, ...], group: str | None, lang: str) -> str:
    if lang == "en":
        text = " or ".join(roles)
        return f"{text} of {group}" if group and GROUP_LEADER in roles else text
    text = "或".join(V.ROLES.zh(r) for r in roles)
    return f"{group}的{text}" if group and GROUP_LEADER in roles else text


def _group_names(records) -> dict[str, str]:
    """Group id → the 党小组's name as zhidu.yaml writes it (第一党小组), for messages; the first of
    two groups with one id, as the file reads. One dict per run, not a scan of the groups per meeting."""
    names: dict[str, str] = {}
    for group in records.branch.groups if records.branch is not None else ():
        names.setdefault(group.id, group.name)
    return names


def check_chair(ctx: Context):
    records = ctx.records
    types = ctx.param("types")
    names = ctx.shared("conduct.group_names", lambda: _group_names(records))
    for meeting in _held(ctx):
        for type_id in meeting.types:
            if type_id not in types or type_id not in CHAIRS:
                continue
            roles = CHAIRS[type_id]
            if meeting.chair is not None and _qualifies(records, meeting.chair, roles, meeting):
                continue
            group = names.get(meeting.group, meeting.group)     # its id if unknown
            facts = {"meeting": meeting.id, "date": meeting.date, "type": V.MEETING_TYPES.zh(type_id),
                     "type_en": type_id, "role_zh": _role_text(roles, group, "zh"),
                     "role_en": _role_text(roles, group, "en")}
            if meeting.chair is None and meeting.chair_outside is None:
                yield ctx.problem(meeting.where("chair"), "missing", **facts)
                break
            facts["chair"] = who(records, [meeting.chair])[0] if meeting.chair else meeting.chair_outside
            if meeting.delegated_by is None:
                yield ctx.problem(meeting.where("chair"), **facts)
                break
            if not _qualifies(records, meeting.delegated_by, roles, meeting):
                facts["by"] = who(records, [meeting.delegated_by])[0]
                yield ctx.problem(meeting.where("delegated_by"), "delegation", **facts)
                break


def check_minutes(ctx: Context):
    exempt = set(ctx.param("exempt_types"))
    for meeting in _held(ctx):
        if all(t in exempt for t in meeting.types):
            continue
        facts = {"meeting": meeting.id, "date": meeting.date}
        if meeting.recorder is None:
            yield ctx.problem(meeting.where("recorder"), "recorder", **facts)
        if not meeting.agenda:
            yield ctx.problem(meeting.where("agenda"), "agenda", **facts)
        for item in meeting.agenda:
            if not (item.summary or "").strip():
                yield ctx.problem(item.loc, "summary", title=item.title, **facts)


def check_recusal(ctx: Context):
    """Concerned members must be recused; so must the subject when a voting member present."""
    records = ctx.records
    for decision_id in sorted(records.decisions):
        decision = records.decisions[decision_id]
        meeting = records.meetings_by_id.get(decision.meeting)
        if not C.answered_for(meeting, records, ctx.as_of):
            continue
        recused = set(decision.recused)
        facts = {"decision": decision.id, "title": decision.title, "meeting": meeting.id, "date": meeting.date}
        for member_id in decision.concerned:
            if member_id not in recused:
                yield ctx.problem(decision.where("concerned"), "concerned", member=who(records, [member_id])[0],
                                  related=(decision.where("recused"),) if decision.recused else (), **facts)
        for ballot, where in decision.all_ballots():
            if ballot.member in recused or ballot.member in decision.concerned:
                yield ctx.problem(where, "voted", member=who(records, [ballot.member])[0],
                                  related=(decision.where("recused"),) if decision.recused else (), **facts)
        subject = decision.subject
        # the subject of a conversion (or extension) vote is the one being judged, never a voter to recuse
        timeline = records.timeline(subject) if subject and decision.kind not in ("conversion", "extension") else None
        if (timeline is not None and subject not in recused and subject not in decision.concerned
                and subject in meeting.attendees and timeline.is_full(meeting.date)):
            yield ctx.problem(decision.where("subject"), member=who(records, [subject])[0],
                              related=(meeting.where("attendees"),), **facts)


def check_democratic_life(ctx: Context):
    """Topic agreed and participants notified before the day; minutes reported afterwards.

    The source sets no deadline for the report (000 §三.6 “会后要将记录报送乡镇党委”); the parameter
    ``report_within_days`` gives one, read like every "within N days" in zhidu: the N-th day after
    the meeting is still in time, the report is missing from the day after.
    """
    types = set(ctx.param("types"))
    for meeting in _held(ctx):
        if not types & set(meeting.types):
            continue
        day = meeting.date
        facts = {"meeting": meeting.id, "date": day, "type": V.MEETING_TYPES.zh(next(t for t in meeting.types
                                                                                      if t in types))}
        if meeting.topic_agreed is None or meeting.topic_agreed.date >= day:
            yield ctx.problem(meeting.where("topic_agreed"), "topic", **facts)
        if meeting.notice is None or meeting.notice.date >= day:
            yield ctx.problem(meeting.where("notice"), "notice", **facts)
        days = ctx.param("report_within_days", on=day)
        if meeting.reported is not None:
            if meeting.reported.date < day:
                yield ctx.problem(meeting.reported.where("date"), "reported-early", reported=meeting.reported.date,
                                  **facts)
        elif ctx.as_of > day + dt.timedelta(days=days):      # "within N days": day N is still in time
            yield ctx.problem(meeting.where("reported"), "report", days=days, **facts)


def _executed_by_event(records) -> frozenset[str]:
    """Decisions a member's history points at (``decision:`` on an event): carried out in the records."""
    return frozenset(e.decision for m in records.members.values() for e in m.history if e.decision)


def check_execution(ctx: Context):
    records = ctx.records
    by_event = ctx.shared("conduct.executed_by_event", lambda: _executed_by_event(records))
    for decision_id in sorted(records.decisions):
        decision = records.decisions[decision_id]
        meeting = records.meetings_by_id.get(decision.meeting)
        if not C.answered_for(meeting, records, ctx.as_of) or decision.status != "adopted":
            continue
        days = ctx.param("days", on=meeting.date)
        if ctx.as_of < meeting.date + dt.timedelta(days=days):
            continue
        if decision.execution or decision.approval or decision.id in by_event:
            continue
        yield ctx.problem(decision.where("execution"), decision=decision.id, title=decision.title,
                          date=meeting.date, days=days, elapsed=(ctx.as_of - meeting.date).days)


def _counted_type(meeting, types) -> str | None:
    for type_id in C.ROSTERS:
        if type_id in meeting.types and type_id in types:
            return type_id
    return None


def check_absences(ctx: Context):
    records, settings = ctx.records, ctx.settings
    types = set(ctx.param("types"))
    for meeting in _held(ctx):
        type_id = _counted_type(meeting, types)
        if type_id is None:
            continue
        att = ctx.shared(("counting.attendance", meeting.id, type_id),
                         lambda: C.body_attendance(meeting, records, settings, type_id))
        if not att.recorded or not meeting.attendees:
            continue
        away = set(att.expected.away)
        entries = {a.member: a for a in meeting.absent}
        facts = {"meeting": meeting.id, "date": meeting.date, "type": V.MEETING_TYPES.zh(type_id), "type_en": type_id}
        unlisted = []
        for member_id in att.absent:
            if member_id in away:
                continue           # an away member's absence has its reason in their history
            entry = entries.get(member_id)
            if entry is None:
                unlisted.append(member_id)
            elif not (entry.reason or "").strip():
                yield ctx.problem(entry.loc, "no-reason", member=who(records, [member_id])[0], **facts)
        outside = {a.name: a for a in meeting.non_party_absent}
        for name in sorted(set(att.expected.others) - set(att.present_others)):
            entry = outside.get(name)
            if entry is None:
                unlisted.append(name)
            elif not (entry.reason or "").strip():
                yield ctx.problem(entry.loc, "no-reason", member=name, **facts)
        if unlisted:
            yield ctx.problem(meeting.where("attendees"), members=who(records, unlisted), count=len(unlisted),
                              **facts)


COMMITTEE = "meetings/2025/2025-03-05-committee.yaml"
ASSEMBLY = ("meetings/2025/2025-06-20-assembly.yaml",
            "type: 支部党员大会\ndate: 2025-06-20\nattendees: [m01, m02, m03, m04, m05, m06, m07, m08, m09, m10, p01]")

RULES = (
    Rule("CND001", "chair", "CND",
         "主持人：支委会由书记、党员大会由书记或副书记、党小组会由党小组长、两委联席会议由书记主持；他人主持须有委托",
         "the chair: committee by the secretary, assembly by the secretary or deputy, group by its leader, "
         "joint meeting by the secretary; anyone else only with a recorded delegation",
         "000 §二.1–3、§十.2《社区党支部工作制度》；002 街道办事处党工委议事决策规则 三(一)2", Severity.WARNING, {
             "": Message("{type}（{date}）由 {chair} 主持，其当日不是{role_zh}，也未记录委托",
                         "{type_en} of {date} was chaired by {chair}, who was not the {role_en} that day, "
                         "with no delegation recorded",
                         "书记因故不能主持时委托他人，写明 delegated_by（委托人）", "record delegated_by: who delegated the chair"),
             "missing": Message("{type}（{date}）未记录主持人", "{type_en} of {date} records no chair",
                                "写明 chair（主持人成员编号）", "add chair: the member id of the chair"),
             "delegation": Message("{type}（{date}）由 {chair} 受 {by} 委托主持，但委托人当日不是{role_zh}",
                                   "{type_en} of {date}: {chair} chaired on delegation from {by}, who was not the "
                                   "{role_en} that day",
                                   "委托须由应主持会议的人作出", "the delegation must come from the person who chairs")},
         check=check_chair,
         params=(Param("types", TYPE, tuple(CHAIRS), "检查主持人的会议类型", "meeting types whose chair is checked"),),
         examples=(Example("type: 支委会\ndate: 2025-03-05\nchair: m01     # 书记\nrecorder: m03\nattendees: [m01, m02, m03]",
                           "type: 支委会\ndate: 2025-03-05\nchair: m03     # 委员，无委托\nrecorder: m03\n"
                           "attendees: [m01, m02, m03]", path=COMMITTEE),
                   Example("# 年终四报一评议由街道分包领导主持：不是支部党员，写 chair_outside；党员大会则须书记委托\n"
                           "type: 支部党员大会\ndate: 2025-06-20\nchair_outside: 王明（街道分包领导）\ndelegated_by: m01\n"
                           "attendees: [m01, m02, m03, m04, m05, m06, m07, m08]",
                           "type: 支部党员大会\ndate: 2025-06-20\nchair_outside: 王明（街道分包领导）  # 无委托\n"
                           "attendees: [m01, m02, m03, m04, m05, m06, m07, m08]",
                           path="meetings/2025/2025-06-20-assembly.yaml"))),
    Rule("CND002", "minutes", "CND",
         "每次会议须有记录人和会议记录（议程及讨论摘要）",
         "every meeting names a recorder and has minutes (agenda items with summaries)",
         "002 街道办事处党工委议事决策规则 三(一)14；002 基层民主科学决策机制档案管理办法 第七条1", Severity.ERROR, {
             "": Message("会议 {meeting}（{date}）记录不完整", "meeting {meeting} ({date}) has incomplete minutes"),
             "recorder": Message("会议 {meeting}（{date}）未记录记录人", "meeting {meeting} ({date}) names no recorder",
                                 "写明 recorder（记录人成员编号）", "add recorder: the member id of the recorder"),
             "agenda": Message("会议 {meeting}（{date}）没有议程和会议记录", "meeting {meeting} ({date}) has no agenda or minutes",
                               "在 agenda 中列出议题及讨论摘要（summary）", "list agenda items with a summary each"),
             "summary": Message("会议 {meeting}（{date}）的议题「{title}」没有讨论摘要",
                                "meeting {meeting} ({date}): agenda item “{title}” has no summary",
                                "为议题写 summary：讨论情况、结论", "add summary: what was discussed and concluded")},
         check=check_minutes,
         params=(Param("exempt_types", TYPE, (), "不要求记录人和议程的会议类型（默认无）",
                       "meeting types exempt from recorder and agenda (none by default)"),),
         examples=(Example("type: 党小组会\ngroup: g1\ndate: 2025-03-12\nrecorder: m06\nagenda:\n  - {title: 学习党章, summary: 组长领学第三章}",
                           "type: 党小组会\ngroup: g1\ndate: 2025-03-12\nrecorder: m06\nagenda:\n  - {title: 学习党章}  # 没有讨论摘要",
                           path="meetings/2025/2025-03-12-group-1.yaml"),)),
    Rule("CND003", "recusal", "CND",
         "与议题有利害关系的成员（本人或亲属）须记录回避，不参加表决",
         "a member concerned by an item (or a relative) is recorded as recused and does not vote",
         "002 街道办事处党工委议事决策规则 三(一)12", Severity.ERROR, {
             "": Message("决定 {decision}「{title}」涉及到会的正式党员 {member} 本人，未记录其回避",
                         "decision {decision} “{title}” concerns {member}, a full member present, who is not recorded "
                         "as recused", "在 recused 中列出，其票不计入", "list them under recused; their vote does not count"),
             "concerned": Message("决定 {decision}「{title}」与 {member} 有利害关系，未记录其回避",
                                  "decision {decision} “{title}” concerns {member}, who is not recorded as recused",
                                  "在 recused 中列出，其票不计入", "list them under recused; their vote does not count"),
             "voted": Message("决定 {decision}「{title}」的记名表决中有应回避的 {member} 投票",
                              "decision {decision} “{title}”: {member}, who should stand aside, voted (ballots)",
                              "回避者不参加该事项表决：删去其表决记录并核对票数",
                              "a recused member does not vote on the item: strike the ballot and recount")},
         check=check_recusal,
         examples=(Example("meeting: 2025-06-20-assembly\ntitle: 评选社区优秀党员\nconcerned: [m05]\nrecused: [m05]\nvotes: {for: 9}",
                           "meeting: 2025-06-20-assembly\ntitle: 评选社区优秀党员\nconcerned: [m05]  # 本人被推荐，未回避\nvotes: {for: 10}",
                           path="decisions/2025/excellent.yaml", context=(ASSEMBLY,)),
                   Example("# 记名表决：回避的 m05 不在表决名单中\nmeeting: 2025-06-20-assembly\ntitle: 评选社区优秀党员\n"
                           "recused: [m05]\nballots:\n  - {member: m01, vote: for}\n  - {member: m02, vote: for}",
                           "# 回避的 m05 却投了票\nmeeting: 2025-06-20-assembly\ntitle: 评选社区优秀党员\nrecused: [m05]\n"
                           "ballots:\n  - {member: m01, vote: for}\n  - {member: m05, vote: for}",
                           path="decisions/2025/excellent.yaml", context=(ASSEMBLY,)))),
    Rule("CND004", "democratic-life-procedure", "CND",
         "民主生活会：会前与上级商定主题、通知参会人员，会后将记录报送上级",
         "democratic life meeting: topic agreed with the upper organization and participants notified beforehand; "
         "minutes reported afterwards",
         "000 §三.2、§三.4、§三.6《社区党支部工作制度》", Severity.WARNING, {
             "": Message("{type}（{date}）程序不完整", "{type} of {date}: incomplete procedure"),
             "topic": Message("{type}（{date}）未记录会前与上级党组织商定主题", "{type} of {date}: no topic agreed with the "
                              "upper organization before the meeting", "写 topic_agreed: {{date: 会前日期, to: 上级党组织}}",
                              "add topic_agreed with a date before the meeting"),
             "notice": Message("{type}（{date}）未记录会前将时间、议题通知参会人员", "{type} of {date}: participants were "
                               "not notified of time and topic beforehand", "写 notice: {{date: 会前日期, channel: 方式}}",
                               "add notice with a date before the meeting"),
             "report": Message("{type}（{date}）召开已逾 {days} 天，未记录将会议记录报送上级党组织",
                               "{type} of {date}: minutes not reported to the upper organization {days} days on",
                               "报送后写 reported: {{date: 报送日期, to: 上级党组织}}", "add reported with the date sent"),
             "reported-early": Message("{type}（{date}）记录的报送日期 {reported} 早于会议日期",
                                       "{type} of {date}: reported on {reported}, before the meeting",
                                       "会议记录应在会后报送", "minutes are reported after the meeting")},
         check=check_democratic_life,
         params=(Param("types", TYPE, ("democratic-life",), "适用的会议类型", "meeting types checked"),
                 Param("report_within_days", INT, 30, "会后报送记录的期限（天）；来源未规定期限，默认 30 天",
                       "days allowed to report the minutes (the source sets none)")),
         examples=(Example("type: 民主生活会\ndate: 2025-07-10\ntopic_agreed: {date: 2025-06-25, to: 幸福街道党工委}\n"
                           "notice: {date: 2025-07-01, channel: 书面通知}\nreported: {date: 2025-07-15, to: 幸福街道党工委}",
                           "type: 民主生活会\ndate: 2025-07-10\ntopic_agreed: {date: 2025-06-25, to: 幸福街道党工委}\n"
                           "notice: {date: 2025-07-10}  # 当天才通知\nreported: {date: 2025-07-15, to: 幸福街道党工委}",
                           path="meetings/2025/2025-07-10-life.yaml"),)),
    Rule("CND005", "decision-execution", "CND",
         "决定须记录执行情况；通过满 N 天仍无执行记录的予以提示",
         "a decision records its execution; one with no execution note N days after adoption is flagged",
         "002 基层民主科学决策机制档案管理办法 第七条2", Severity.WARNING, {
             "": Message("决定 {decision}「{title}」于 {date} 通过，已 {elapsed} 天，没有执行情况记录",
                         "decision {decision} “{title}” adopted on {date}, {elapsed} days ago, has no execution note",
                         "在 execution 中写明执行情况及对问题的处理（上级批复写 approval）",
                         "add execution notes (and the upper organization's approval where it applies)")},
         check=check_execution,
         params=(Param("days", INT, 90, "通过后多少天内须有执行记录", "days after adoption within which execution is noted"),),
         examples=(Example("meeting: 2025-03-05-committee\ntitle: 楼道照明改造\nexecution:\n  - {date: 2025-04-20, note: 已完成楼道照明改造}",
                           "meeting: 2025-03-05-committee\ntitle: 楼道照明改造  # 通过已逾 90 天，没有执行记录",
                           path="decisions/2025/lights.yaml",
                           context=((COMMITTEE, "type: 支委会\ndate: 2025-03-05\nattendees: [m01, m02, m03]"),)),)),
    Rule("CND006", "absence-reason", "CND",
         "缺席会议的党员须记录缺席原因", "absent members have a recorded reason",
         "000 §二《社区党支部工作制度》（“三会一课”制度）；通行做法", Severity.WARNING, {
             "": Message("{type}（{date}）缺席的 {members} 未记录缺席原因",
                         "{type_en} of {date}: no reason recorded for the absence of {members}",
                         "在 absent 中写明 {{member: 编号, reason: 原因}}（非党员委员写在 non_party_absent: "
                         "{{name: 姓名, reason: 原因}}）",
                         "add absent: {{member: id, reason: why}} (non-party members: non_party_absent: "
                         "{{name: …, reason: …}})"),
             "no-reason": Message("{type}（{date}）缺席的 {member} 未写明原因",
                                  "{type_en} of {date}: the absence of {member} has no reason",
                                  "补写 reason；非党员委员写在 non_party_absent", "add reason (non-party members: "
                                  "non_party_absent)")},
         check=check_absences,
         params=(Param("types", TYPE, ("branch-committee", "general-assembly", "group-meeting", "party-lecture"),
                       "检查缺席原因的会议类型（“三会一课”）", "meeting types whose absences are checked"),),
         examples=(Example("type: 支委会\ndate: 2025-03-05\nattendees: [m01, m02, m03, m04]\nabsent:\n  - {member: m05, reason: 住院}",
                           "type: 支委会\ndate: 2025-03-05\nattendees: [m01, m02, m03, m04]   # m05 应到，未列入 absent",
                           path=COMMITTEE),
                   Example("type: 两委联席会议\ndate: 2025-03-10\nattendees: [m01, m02, m03, m04, m05]\n"
                           "non_party_present: [刘敏, 张强, 王芳]\nnon_party_absent:\n  - {name: 赵丽, reason: 外出培训}",
                           "type: 两委联席会议\ndate: 2025-03-10\nattendees: [m01, m02, m03, m04, m05]\n"
                           "non_party_present: [刘敏, 张强, 王芳]  # 赵丽缺席未记原因",
                           path="meetings/2025/2025-03-10-joint.yaml", context=(("zhidu.yaml", "rules:\n  CND006: {types: [joint-meeting]}\n"),)))),
)
