"""VOT: a decision recorded as adopted had the majority its body requires, and its tally adds up.

Which rule governs a decision, its base and its threshold are computed by
:func:`zhidu_cli.rules.counting.vote_result` (shared with rendered minutes); the documented readings
are there. A decision is only measured when it is recorded as ``adopted``: a rejected or deferred
item that missed the majority is the procedure working, not a finding.
"""

from __future__ import annotations

from zhidu_cli.diagnostics.finding import Severity
from zhidu_cli.model import vocab as V
from zhidu_cli.model.fields import BOOL
from zhidu_cli.rules import counting as C
from zhidu_cli.rules.engine import Context, Example, Message, Param, Rule
from zhidu_cli.rules.quorum import who

KIND = V.DECISION_KINDS.kind()


def _wording(default: str, note_zh: str = "", note_en: str = "") -> Param:
    return Param("wording", C.WORDING, default,
                 f"“超过半数”（more-than-half，6/12 不通过）或“半数以上”（at-least-half，6/12 通过）{note_zh}",
                 f"more-than-half (6 of 12 fails) or at-least-half (6 of 12 passes){note_en}")


def _answered(ctx: Context):
    """(decision, meeting) for every decision at a meeting the rules answer for, in id order."""
    records = ctx.records
    for decision_id in sorted(records.decisions):
        decision = records.decisions[decision_id]
        meeting = records.meetings_by_id.get(decision.meeting)
        if C.answered_for(meeting, records, ctx.as_of):
            yield decision, meeting


def _decisions(ctx: Context):
    """(decision, meeting) pairs governed by the running rule, at meetings the rules answer for
    (:func:`zhidu_cli.rules.counting.answered_for`: not after the as-of date, not before records_start)."""
    for decision, meeting in _answered(ctx):
        if C.vote_code(decision, meeting, ctx.settings) == ctx.rule.code:
            yield decision, meeting


def _facts(result: C.VoteResult, decision, meeting) -> dict:
    base_zh, base_en = C.BASE_TEXT[result.base_kind]
    return {
        "decision": decision.id, "title": decision.title, "meeting": meeting.id, "date": meeting.date,
        "for": result.votes_for, "written": result.written_for, "base": result.base, "base_zh": base_zh,
        "base_en": base_en, "required": result.required, "threshold_zh": result.threshold.zh,
        "threshold_en": result.threshold.en, "recused": result.recused, "candidate": result.candidate or "",
    }


def _votes_location(decision):
    return decision.votes.where("for_") if decision.votes else decision.where("votes")


def _each_candidate(ctx: Context, decision, meeting):
    """Several people in one decision are voted one by one, and each adopted one had the majority."""
    if len(decision.candidates) > 1 and any(c.votes is None for c in decision.candidates):
        yield ctx.problem(decision.where("candidates"), "person-by-person", decision=decision.id,
                          title=decision.title, meeting=meeting.id, date=meeting.date,
                          unvoted=[c.name for c in decision.candidates if c.votes is None])
    if decision.status != "adopted":
        return
    candidates = {c.name: c for c in decision.candidates}
    for part in C.candidate_results(decision, meeting, ctx.records, ctx.settings):
        candidate = candidates[part.candidate]
        if candidate.status == "adopted" and not part.passed:
            yield ctx.problem(candidate.where("votes"), "candidate", **_facts(part, decision, meeting))


def check_majority(ctx: Context):
    """VOT001–VOT004, VOT006: the adopted decision's for-votes reach the threshold."""
    for decision, meeting in _decisions(ctx):
        yield from _each_candidate(ctx, decision, meeting)
        if decision.status != "adopted":
            continue
        if decision.votes is None:      # no tally: VOT008 says so, once
            continue
        result = C.vote_result(decision, meeting, ctx.records, ctx.settings)
        if result is not None and not result.passed:
            yield ctx.problem(_votes_location(decision), "written" if result.written_for else "",
                              related=(meeting.where("attendees"),), **_facts(result, decision, meeting))


def check_upper_committee(ctx: Context):
    """VOT005: for > half of members expected, written opinions not counted, cadre items person by person."""
    for decision, meeting in _decisions(ctx):
        cadre = decision.kind in ctx.param("cadre_kinds", on=meeting.date)
        if cadre:
            yield from _each_candidate(ctx, decision, meeting)
        if decision.status != "adopted":
            continue
        result = C.vote_result(decision, meeting, ctx.records, ctx.settings)
        if result is not None and not result.passed:
            facts = _facts(result, decision, meeting) | {"written": decision.votes.written_for}
            yield ctx.problem(_votes_location(decision), "written" if decision.votes.written_for else "", **facts)


def check_tally_recorded(ctx: Context):
    """VOT008: an adopted decision a majority rule governs shows its count (votes, ballots or per candidate)."""
    for decision, meeting in _answered(ctx):
        if decision.status != "adopted":
            continue
        code = C.vote_code(decision, meeting, ctx.settings)
        if code is None or decision.votes is not None or any(c.votes for c in decision.candidates):
            continue
        cadre = code == "VOT005" and decision.kind in C.param(ctx.settings, "VOT005", "cadre_kinds", meeting.date)
        yield ctx.problem(decision.where("status") if "status" in decision.locs else decision.loc,
                          "cadre" if cadre else "", decision=decision.id, title=decision.title, meeting=meeting.id,
                          date=meeting.date, rule=code)


def _sanctioned_present(meeting, att: C.Attendance, records) -> list[str]:
    """Full members present who were under 留党察看 on the day (党章 第四十条: they have no vote)."""
    return sorted(m for m in att.present if m in records.timelines and records.timelines[m].is_full(meeting.date)
                  and records.timelines[m].sanctioned(meeting.date) is not None)


def check_sanctioned(ctx: Context):
    """VOT009: a member under 留党察看 cast a ballot, or the tally only adds up if they voted."""
    records, settings = ctx.records, ctx.settings
    for decision, meeting in _answered(ctx):
        facts = {"decision": decision.id, "title": decision.title, "meeting": meeting.id, "date": meeting.date}
        balloted = False
        for ballot, where in decision.all_ballots():
            timeline = records.timelines.get(ballot.member)
            sanction = timeline.sanctioned(meeting.date) if timeline else None
            if sanction is not None:
                balloted = True
                yield ctx.problem(where, "ballot", member=who(records, [ballot.member])[0],
                                  since=sanction.date, related=(sanction.loc,), **facts)
        if balloted or decision.votes is None:
            continue
        code = C.vote_code(decision, meeting, settings)
        type_id = C.vote_type(code, meeting, settings) if code else C.primary_type(meeting)
        if type_id not in C.PARTY_BODIES:
            continue
        att = ctx.shared(("counting.attendance", meeting.id, type_id),
                         lambda: C.body_attendance(meeting, records, settings, type_id))
        sanctioned = _sanctioned_present(meeting, att, records)
        if not att.recorded or not sanctioned:
            continue
        eligible = C.voters_present(meeting, att, set(decision.recused))
        votes = decision.votes
        cast = votes.for_ + votes.against + votes.abstain
        if eligible < cast <= eligible + len(sanctioned):
            yield ctx.problem(_votes_location(decision), cast=cast, eligible=eligible,
                              members=who(records, sanctioned), **facts)


def _explained_elsewhere(decision, meeting, att, records, cast: int, eligible: int) -> bool:
    """A surplus of votes that a ballot of a recused member (CND003) or the votes of members under
    留党察看 (VOT009) explain is reported there, once."""
    recused = set(decision.recused) | set(decision.concerned)
    sanctioned = _sanctioned_present(meeting, att, records)
    if any(b.member in recused or b.member in sanctioned for b, _ in decision.all_ballots()):
        return True
    return bool(sanctioned) and cast <= eligible + len(sanctioned) and att.expected.type_id in C.PARTY_BODIES


def _eligible_written(att: C.Attendance, recused: set[str], records) -> int | None:
    """How many voters were not present and could have voted in writing; None if unknown.

    Members left out of "expected" because they were away (``exclude_away``) may still vote in writing.
    """
    exp = att.expected
    if not exp.members and not exp.others:
        return None
    if exp.type_id in C.PARTY_BODIES:
        away_voters = {m for m in exp.away_excluded if records.timelines[m].has_vote(exp.day)}
        pool = set(exp.voters) | away_voters
    else:
        pool = set(exp.members) | set(exp.away_excluded) | set(exp.others)
    return len(pool - set(att.present) - set(att.present_others) - recused)


def check_tally(ctx: Context):
    """VOT007: for + against + abstain ≤ the eligible voters present; written votes ≤ eligible absentees."""
    records, settings = ctx.records, ctx.settings
    for decision, meeting in _answered(ctx):
        code = C.vote_code(decision, meeting, settings)
        type_id = C.vote_type(code, meeting, settings) if code else C.primary_type(meeting)
        att = ctx.shared(("counting.attendance", meeting.id, type_id),
                         lambda: C.body_attendance(meeting, records, settings, type_id))
        if not att.recorded:
            continue
        recused = set(decision.recused)
        present_eligible = C.voters_present(meeting, att, recused)
        recused_voters = present_eligible < C.voters_present(meeting, att)
        written_eligible = _eligible_written(att, recused, records)
        tallies = [(decision.votes, "", _votes_location(decision))] if decision.votes else []
        tallies += [(c.votes, c.name, c.where("votes")) for c in decision.candidates if c.votes]
        for votes, candidate, where in tallies:
            cast = votes.for_ + votes.against + votes.abstain
            facts = {"decision": f"{decision.id}/{candidate}" if candidate else decision.id,
                     "meeting": meeting.id, "date": meeting.date,
                     "for": votes.for_, "against": votes.against, "abstain": votes.abstain,
                     "recused": who(records, sorted(recused))}
            if cast > present_eligible and not _explained_elsewhere(decision, meeting, att, records, cast,
                                                                    present_eligible):
                yield ctx.problem(where, "recused" if recused_voters else "", cast=cast,
                                  eligible=present_eligible, **facts)
            written = votes.written_for + votes.written_against + votes.written_abstain
            if written and written_eligible is not None and written > written_eligible:
                yield ctx.problem(votes.where("written_for"), "written", cast=written, eligible=written_eligible,
                                  **facts)


_MAJORITY = Message(
    "决定 {decision}「{title}」赞成 {for} 票，{base_zh} {base} 人，须{threshold_zh}赞成（至少 {required} 票），却记为通过",
    "decision {decision} “{title}”: {for} for out of {base} {base_en}, not {threshold_en} "
    "(at least {required} needed), yet recorded as adopted",
    "核对票数；未达到规定票数的事项应记为未通过或暂缓（status: rejected / deferred）",
    "check the tally; an item that missed the majority is rejected or deferred (status: rejected / deferred)")
_MAJORITY_WRITTEN = Message(
    "决定 {decision}「{title}」赞成 {for} 票（含会前书面表决 {written} 票），{base_zh} {base} 人，须{threshold_zh}"
    "（至少 {required} 票），却记为通过",
    "decision {decision} “{title}”: {for} for (with {written} written before the meeting) out of {base} {base_en}, "
    "not {threshold_en} (at least {required} needed), yet recorded as adopted",
    _MAJORITY.hint_zh, _MAJORITY.hint_en)

_CANDIDATE = Message(
    "决定 {decision} 的人选 {candidate} 赞成 {for} 票，{base_zh} {base} 人，须{threshold_zh}赞成（至少 {required} 票），却记为通过",
    "decision {decision}, candidate {candidate}: {for} for out of {base} {base_en}, not {threshold_en} "
    "(at least {required} needed), yet recorded as adopted",
    "该人选应记为未通过（status: rejected）", "mark that candidate rejected")
_ONE_BY_ONE = Message(
    "决定 {decision}「{title}」涉及多名人选，未逐个表决：{unvoted}",
    "decision {decision} “{title}” concerns several people but was not voted one by one: {unvoted}",
    "逐个表决，在 candidates 中为每人写 votes（发展党员则每名发展对象单独作出决定）",
    "vote on each person: record votes for each under candidates (admissions: one decision per candidate)")

_PER_PERSON = {"candidate": _CANDIDATE, "person-by-person": _ONE_BY_ONE}

ADMISSION_PASS = """\
# 应到会有表决权的正式党员 12 人：6 票 + 会前书面 1 票 = 7 票，超过半数
meeting: 2025-06-20-assembly
title: 接收陈晨为预备党员
kind: admission
subject: chen-chen
votes: {for: 6, against: 1, abstain: 0, written_for: 1}"""
ADMISSION_FAIL = """\
# 应到会有表决权的正式党员 12 人：赞成 6 票未超过半数
meeting: 2025-06-20-assembly
title: 接收陈晨为预备党员
kind: admission
subject: chen-chen
votes: {for: 6, against: 2, abstain: 0}"""
ASSEMBLY_9 = ("meetings/2025/2025-06-20-assembly.yaml",
              "type: 支部党员大会\ndate: 2025-06-20\nattendees: [m01, m02, m03, m04, m05, m06, m07, m08, m09, p01, p02]")
CANDIDATE_CHEN = ("members/chen-chen.yaml", "name: 陈晨\nhistory:\n  - {date: 2025-05-20, event: development-target}")
JOINT_9 = ("meetings/2025/2025-03-10-joint.yaml", "type: 两委联席会议\ndate: 2025-03-10\n"
           "attendees: [m01, m02, m03, m04, m05]\nnon_party_present: [刘敏, 张强, 王芳, 赵丽]")
DELIBERATION_15 = ("meetings/2025/2025-07-05-deliberation.yaml", "type: 议事会\ndate: 2025-07-05\n"
                   "headcount: {expected: 20, present: 15}")
COMMITTEE_5 = ("meetings/2025/2025-04-02-committee.yaml", "type: 支委会\ndate: 2025-04-02\n"
               "attendees: [m01, m02, m03, m04, m05]")
ASSEMBLY_ALL = ("meetings/2025/2025-03-28-assembly.yaml",
                "type: 支部党员大会\ndate: 2025-03-28\nattendees: [m01, m02, m03, m04, m05, m06, m07, m08, m09, m10, m11, m12, "
                "p01, p02]")
HEARING_16 = ("meetings/2025/2025-06-20-hearing.yaml", "type: 听证会\ndate: 2025-06-20\n"
              "headcount: {expected: 30, present: 16}")
SANCTION_CONTEXT = (
    ("meetings/2025/2025-06-20-assembly.yaml",
     "type: 支部党员大会\ndate: 2025-06-20\nattendees: [m01, m02, m03, m04, m05, m06, m07, m08]"),
    ("members/m08.yaml", "name: 黄丽\ngroup: g2\nhistory:\n  - {date: 2000-07-01, event: full}\n"
                         "  - {date: 2025-01-15, event: sanctioned, months: 12}"),
)

RULES = (
    Rule("VOT001", "admission-vote", "VOT",
         "接收预备党员、预备党员转正：赞成票须超过应到会有表决权正式党员的半数（会前书面表决计入）",
         "admission / conversion: for-votes above half of the full members with a vote expected (written votes count)",
         "《中国共产党发展党员工作细则》（接收预备党员、预备党员转正：赞成人数超过应到会有表决权的正式党员的半数；"
         "条款序号未能核实：接收第二十一条或第二十二条，转正第三十二条或第三十三条）", Severity.ERROR, {
             "": _MAJORITY, "written": _MAJORITY_WRITTEN, **_PER_PERSON},
         check=check_majority,
         params=(_wording("more-than-half"),
                 Param("count_written", BOOL, True, "因故不能到会的有表决权党员会前正式提交的书面意见计入票数",
                       "written votes handed in before the meeting by voters who could not attend count"),
                 Param("kinds", KIND, ("admission", "conversion", "extension"), "按此规则表决的决定类别（支部大会作出）",
                       "decision kinds voted under this rule (at the general assembly)")),
         examples=(Example(ADMISSION_PASS, ADMISSION_FAIL, path="decisions/2025/adm-chen-chen.yaml",
                           context=(ASSEMBLY_9, CANDIDATE_CHEN)),)),
    Rule("VOT002", "joint-meeting-vote", "VOT",
         "两委联席会议研究的事项须得到 2/3 以上与会人员同意，方可提交居民会议",
         "joint meeting items need at least 2/3 of attendees' agreement before going to the residents",
         "000 §十.5《社区党支部工作制度》", Severity.ERROR, {"": _MAJORITY, "written": _MAJORITY_WRITTEN, **_PER_PERSON},
         check=check_majority,
         params=(Param("ratio", C.RATIO, C.Ratio(2, 3), "同意比例下限（含本数）", "the least share agreeing (inclusive)"),),
         examples=(Example("# 与会 9 人：6 票即 2/3\nmeeting: 2025-03-10-joint\ntitle: 老旧小区改造方案\nvotes: {for: 6, against: 3}",
                           "# 与会 9 人：5 票不足 2/3\nmeeting: 2025-03-10-joint\ntitle: 老旧小区改造方案\nvotes: {for: 5, against: 4}",
                           path="decisions/2025/renovation.yaml", context=(JOINT_9,)),)),
    Rule("VOT003", "deliberation-vote", "VOT",
         "议事会：三分之二以上到会成员赞成的议题方为有效，否则不办或缓办",
         "deliberation meeting: at least 2/3 of members present agree, else the item is dropped or deferred",
         "002 社区听证会、议事会、评议会制度 第十一条(二)1", Severity.ERROR, {"": _MAJORITY, "written": _MAJORITY_WRITTEN, **_PER_PERSON},
         check=check_majority,
         params=(Param("ratio", C.RATIO, C.Ratio(2, 3), "赞成比例下限（含本数）", "the least share in favour (inclusive)"),),
         examples=(Example("# 到会 15 人：10 票即 2/3\nmeeting: 2025-07-05-deliberation\ntitle: 停车位分配办法\nvotes: {for: 10, against: 5}",
                           "# 到会 15 人：9 票不足 2/3\nmeeting: 2025-07-05-deliberation\ntitle: 停车位分配办法\nvotes: {for: 9, against: 6}",
                           path="decisions/2025/parking.yaml", context=(DELIBERATION_15,)),)),
    Rule("VOT004", "hearing-vote", "VOT",
         "听证决议须由出席人员的过半数通过", "a hearing resolution needs more than half of those present",
         "002 社区听证会、议事会、评议会制度 第七条(二)5", Severity.ERROR, {"": _MAJORITY, "written": _MAJORITY_WRITTEN, **_PER_PERSON},
         check=check_majority, params=(_wording("more-than-half"),),
         examples=(Example("# 出席 16 人：9 票过半数\nmeeting: 2025-06-20-hearing\ntitle: 小区加装电梯方案\nvotes: {for: 9, against: 7}",
                           "# 出席 16 人：8 票未过半数\nmeeting: 2025-06-20-hearing\ntitle: 小区加装电梯方案\nvotes: {for: 8, against: 8}",
                           path="decisions/2025/lift.yaml", context=(HEARING_16,)),)),
    Rule("VOT005", "upper-committee-vote", "VOT",
         "党工委会议表决：赞成票须超过应到会成员的半数，未到会成员的书面意见不计入；干部事项逐个表决",
         "upper-committee vote: for-votes above half of members expected, absentees' written opinions not counted, "
         "cadre items voted person by person",
         "002 街道办事处党工委议事决策规则 三(一)11", Severity.ERROR, {
             "": _MAJORITY,
             "written": Message(
                 "决定 {decision}「{title}」到会赞成 {for} 票，{base_zh} {base} 人，须{threshold_zh}赞成（至少 {required} 票）；"
                 "未到会成员的 {written} 份书面意见不计入票数",
                 "decision {decision} “{title}”: {for} for at the meeting out of {base} {base_en}, not {threshold_en} "
                 "(at least {required} needed); the {written} written opinions of absentees do not count",
                 "未达到票数的事项应记为未通过或暂缓", "record the item as rejected or deferred"),
             "candidate": _CANDIDATE, "person-by-person": _ONE_BY_ONE},
         check=check_upper_committee,
         params=(_wording("more-than-half"),
                 Param("types", V.MEETING_TYPES.kind(), ("branch-committee",), "按党工委会议规则表决的会议类型",
                       "meeting types voting under the upper committee's rule"),
                 Param("cadre_kinds", KIND, ("cadre",), "须逐个表决的干部事项的决定类别", "decision kinds voted person by person")),
         enabled_by_default=False,
         examples=(Example("# 按党工委规则（VOT005: on），成员 5 人：每位人选须 3 票以上\nmeeting: 2025-04-02-committee\n"
                           "title: 推荐居委会委员人选\nkind: cadre\ncandidates:\n  - {name: 李明, votes: {for: 3}}\n"
                           "  - {name: 赵亮, votes: {for: 4}}",
                           "# 李明只得 2 票，却记为通过\nmeeting: 2025-04-02-committee\ntitle: 推荐居委会委员人选\nkind: cadre\n"
                           "candidates:\n  - {name: 李明, votes: {for: 2}}\n  - {name: 赵亮, votes: {for: 4}}",
                           path="decisions/2025/cadre-01.yaml", context=(COMMITTEE_5, ("zhidu.yaml", "rules:\n  VOT005: on\n"))),)),
    Rule("VOT006", "commitment-vote", "VOT",
         "党员服务承诺须经党员大会参会人员半数以上同意",
         "service commitments approved by at least half of the general assembly's attendees",
         "000 §十四《社区党支部工作制度》（党员服务承诺制度：“经党员大会参会人员半数以上同意”）", Severity.ERROR,
         {"": _MAJORITY, "written": _MAJORITY_WRITTEN, **_PER_PERSON},
         check=check_majority,
         params=(_wording("at-least-half", "；原文为“半数以上”（含半数）",
                          "; the source says 半数以上, which includes half"),
                 Param("base", C.VOTE6_BASE, "attendees",
                       "以谁为基数：attendees（全体参会人员，原文“参会人员”）或 voters-present（到会有表决权的正式党员）",
                       "the base: attendees (everyone attending, as the source says) or voters-present (full members "
                       "with a vote present)"),
                 Param("kinds", KIND, ("commitment",), "按此规则表决的决定类别", "decision kinds voted under this rule")),
         examples=(Example("# 到会 14 人（正式党员 12 人 + 预备党员 2 人）：7 票即半数\nmeeting: 2025-03-28-assembly\n"
                           "title: 2025 年党员服务承诺\nkind: commitment\nvotes: {for: 7, against: 5, abstain: 0}",
                           "# 到会 14 人，赞成 6 票不足半数\nmeeting: 2025-03-28-assembly\ntitle: 2025 年党员服务承诺\n"
                           "kind: commitment\nvotes: {for: 6, against: 6}",
                           path="decisions/2025/commitment-2025.yaml", context=(ASSEMBLY_ALL,)),)),
    Rule("VOT007", "tally-consistent", "VOT",
         "表决票数须自洽：赞成、反对、弃权之和不超过到会有表决权人数（回避者除外），书面票不超过未到会有表决权人数",
         "a tally adds up: for + against + abstain ≤ eligible voters present (recused excluded); "
         "written votes ≤ eligible voters absent",
         "计票算术（RULEBOOK §2 VOT007）：票数不得多于有权投票的人", Severity.ERROR, {
             "": Message("决定 {decision} 共 {cast} 票（赞成 {for}、反对 {against}、弃权 {abstain}），"
                         "但到会有表决权的只有 {eligible} 人",
                         "decision {decision} has {cast} votes ({for} for, {against} against, {abstain} "
                         "abstaining) but only {eligible} eligible voters were present",
                         "核对票数与出席名单；预备党员没有表决权", "check the tally and the attendance; probationary members have no vote"),
             "recused": Message("决定 {decision} 共 {cast} 票，但除回避者（{recused}）外到会有表决权的只有 {eligible} 人",
                                "decision {decision} has {cast} votes but only {eligible} eligible voters were "
                                "present besides the recused ({recused})",
                                "回避者不得参加该事项表决，其票不应计入", "recused members do not vote on the item"),
             "written": Message("决定 {decision} 有 {cast} 张会前书面票，但未到会的有表决权者只有 {eligible} 人",
                                "decision {decision} has {cast} written votes but only {eligible} eligible "
                                "voters were absent",
                                "书面表决只能来自因故未到会的有表决权者", "written votes come only from eligible voters who were absent")},
         check=check_tally,
         examples=(Example("# 到会正式党员 9 人（另有预备党员 2 人）\nmeeting: 2025-06-20-assembly\ntitle: 社区党员志愿服务队方案\n"
                           "votes: {for: 8, against: 1}",
                           "# 到会正式党员 9 人，却有 11 票：预备党员没有表决权\nmeeting: 2025-06-20-assembly\n"
                           "title: 社区党员志愿服务队方案\nvotes: {for: 10, against: 1}",
                           path="decisions/2025/volunteers.yaml", context=(ASSEMBLY_9,)),)),
    Rule("VOT008", "tally-recorded", "VOT",
         "适用多数表决规则（VOT001–VOT006）且记为通过的决定须记录票数（赞成、反对、弃权或书面票、记名表决）",
         "a decision recorded as adopted under a majority rule (VOT001–VOT006) records its tally",
         "000 §十.5；002 社区听证会、议事会、评议会制度 第七条(二)5、第十一条(二)1；"
         "《中国共产党发展党员工作细则》（支部大会表决接收、转正；条款序号未能核实）；002 街道办事处党工委议事决策规则 三(一)11",
         Severity.WARNING, {
             "": Message("决定 {decision}「{title}」记为通过，但没有记录票数，无法看出是否达到 {rule} 要求的多数",
                         "decision {decision} “{title}” is recorded as adopted with no tally: whether it had the "
                         "majority {rule} requires cannot be shown",
                         "写明 votes: {{for: …, against: …, abstain: …}}（或 ballots 记名表决）",
                         "record votes: {{for: …, against: …, abstain: …}} (or the ballots)"),
             "cadre": Message("干部事项 {decision}「{title}」记为通过，但没有记录票决结果",
                              "cadre decision {decision} “{title}” is adopted with no vote recorded",
                              "任用干部采取票决制：写明 votes 或每位人选的 votes",
                              "cadre matters are decided by ballot: record votes, or votes per candidate")},
         check=check_tally_recorded,
         examples=(Example("meeting: 2025-06-20-hearing\ntitle: 小区加装电梯方案\nvotes: {for: 9, against: 7}",
                           "meeting: 2025-06-20-hearing\ntitle: 小区加装电梯方案\nstatus: adopted  # 没有票数",
                           path="decisions/2025/lift.yaml", context=(HEARING_16,)),)),
    Rule("VOT009", "sanctioned-no-vote", "VOT",
         "受留党察看处分的党员在察看期间没有表决权，不计入应到和到会的有表决权人数，其票不计入",
         "a member under 留党察看 has no vote for the period: not counted among voters expected or present",
         "《中国共产党章程》第四十条（留党察看期间没有表决权、选举权和被选举权）", Severity.ERROR, {
             "": Message("决定 {decision}「{title}」共 {cast} 票，但到会有表决权的只有 {eligible} 人；"
                         "到会的 {members} 正受留党察看，没有表决权",
                         "decision {decision} “{title}” has {cast} votes but only {eligible} members with a vote were "
                         "present; {members}, present, are under 留党察看 and have no vote",
                         "留党察看期间不参加表决：核对票数", "members under 留党察看 do not vote: recount"),
             "ballot": Message("决定 {decision}「{title}」的记名表决中有正受留党察看（自 {since}）的 {member} 投票",
                               "decision {decision} “{title}”: {member}, under 留党察看 since {since}, cast a ballot",
                               "留党察看期间没有表决权：删去其表决记录并核对票数",
                               "a member under 留党察看 has no vote: strike the ballot and recount")},
         check=check_sanctioned,
         examples=(Example("# 到会正式党员 8 人，其中 m08 受留党察看：有表决权的 7 人\nmeeting: 2025-06-20-assembly\n"
                           "title: 社区党员志愿服务队方案\nvotes: {for: 6, against: 1}",
                           "# 7 人有表决权，却有 8 票\nmeeting: 2025-06-20-assembly\ntitle: 社区党员志愿服务队方案\n"
                           "votes: {for: 7, against: 1}",
                           path="decisions/2025/volunteers.yaml", context=SANCTION_CONTEXT),)),
)
