"""QRM: enough of the right people were present for the meeting to be held (RULEBOOK §2).

The counting itself (who was expected as of the meeting date, who may vote, the exact thresholds)
lives in :mod:`zhidu_cli.rules.counting`, shared with the schedule: a meeting reported here as
inquorate is exactly the one ``zhidu overdue`` does not count as held. Each rule only says which
meetings it governs and how to word the finding.
"""

from __future__ import annotations

from zhidu_cli.diagnostics.finding import Severity
from zhidu_cli.model import vocab as V
from zhidu_cli.model.fields import BOOL
from zhidu_cli.rules import counting as C
from zhidu_cli.rules.engine import Context, Example, Message, Param, Rule

TYPE = V.MEETING_TYPES.kind()

EXCLUDE_AWAY = Param(
    "exclude_away", BOOL, False,
    "外出（有 away 事件）且未到会的党员不计入应到人数；默认计入（只有该会议的规定明确允许时才设为 true）",
    "leave members away that day out of the expected count (only where the body's rule allows it)")


def _wording(default: str, note_zh: str = "", note_en: str = "") -> Param:
    return Param("wording", C.WORDING, default,
                 f"“超过半数”（more-than-half，6/12 不通过）或“半数以上”（at-least-half，6/12 通过）{note_zh}",
                 f"more-than-half (6 of 12 fails) or at-least-half (6 of 12 passes){note_en}")


def who(records, ids) -> list[str]:
    """Members as 姓名（编号）, the way findings name people."""
    return [f"{records.members[i].name}（{i}）" if i in records.members else i for i in ids]


def _facts(result: C.QuorumResult, meeting, records) -> dict:
    att = result.attendance
    probationary = sorted(set(att.present) - set(att.present_voters)) if att else []
    return {
        "meeting": meeting.id, "date": meeting.date, "type": V.MEETING_TYPES.zh(result.type_id),
        "type_en": result.type_id, "present": result.present, "expected": result.expected,
        "required": result.required, "threshold_zh": result.threshold.zh, "threshold_en": result.threshold.en,
        "probationary": len(probationary), "absent": who(records, att.absent if att else ()),
    }


def _location(meeting):
    if meeting.headcount is not None and not meeting.attendees:
        return meeting.headcount.where("present")
    return meeting.where("attendees")


def _check(code: str, *type_ids: str):
    def check(ctx: Context):
        records, settings = ctx.records, ctx.settings
        types = tuple(ctx.param("types")) if not type_ids else type_ids
        for type_id in types:
            for meeting in records.meetings_of(type_id):
                if not C.answered_for(meeting, records, ctx.as_of) or \
                        C.quorum_code(type_id, settings, meeting.date) != code:
                    continue
                result = ctx.shared(("counting.quorum", meeting.id, type_id),
                                    lambda: C.evaluate_quorum(code, meeting, records, settings, type_id))
                if result is None or result.passed:
                    continue
                facts = _facts(result, meeting, records)
                related = (meeting.where("expected"),) if meeting.expected else ()
                if not result.recorded:
                    yield ctx.problem(_location(meeting), "unrecorded", severity=Severity.WARNING, **facts)
                    continue
                variant = "cadre" if result.cadre else ("probationary" if code == "QRM001" and facts["probationary"]
                                                        else "")
                yield ctx.problem(_location(meeting), variant, related=related, **facts)
    return check


_UNRECORDED = Message(
    "{type}（{date}）未记录出席情况，无法确认到会人数达到{threshold_zh}",
    "{type_en} of {date} records no attendance: the quorum ({threshold_en}) cannot be shown",
    "在 attendees 中列出到会人员（听证会等写 headcount 的应到、实到人数）",
    "list those present under attendees (or headcount: expected / present for counted bodies)")

_HINT_ZH = "未达到法定人数的会议不能作出有效决定，也不计入按期召开的会议；请核对出席名单或重新召开"
_HINT_EN = "an inquorate meeting cannot decide anything and does not count as held; check the list or meet again"

GA_PASS = """\
# 正式党员 12 人（另有预备党员 2 人），到会正式党员 7 人
type: 支部党员大会
date: 2025-06-20
attendees: [m01, m02, m03, m04, m05, m06, m07, p01, p02]"""
GA_FAIL = """\
# 正式党员 12 人，到会正式党员 6 人 + 预备党员 2 人：6 人未超过半数
type: 支部党员大会
date: 2025-06-20
attendees: [m01, m02, m03, m04, m05, m06, p01, p02]"""
CADRE = (("decisions/2025/cadre-01.yaml", "meeting: 2025-04-02-committee\ntitle: 推荐社区居委会主任人选\nkind: cadre"),)
UPPER_ON = ("zhidu.yaml", "rules:\n  QRM006: on\n")

RULES = (
    Rule("QRM001", "general-assembly-quorum", "QRM",
         "支部党员大会：到会有表决权的正式党员须超过应到有表决权党员的半数",
         "general assembly: voting members present must exceed half of the voting members expected",
         "《中国共产党发展党员工作细则》（有表决权的到会人数须超过应到会有表决权人数的半数；条款序号未能核实：第二十条或第二十二条）；《中国共产党支部工作条例（试行）》第十一条（“半数以上”，见参数 wording）",
         Severity.ERROR, {
             "": Message("{type}（{date}）到会有表决权的正式党员 {present} 人，应到 {expected} 人，须{threshold_zh}"
                         "（至少 {required} 人）",
                         "{type_en} of {date}: {present} of {expected} voting members present, not {threshold_en} "
                         "(at least {required} needed)", _HINT_ZH, _HINT_EN),
             "probationary": Message(
                 "{type}（{date}）到会有表决权的正式党员 {present} 人，应到 {expected} 人，须{threshold_zh}"
                 "（至少 {required} 人）；到会的 {probationary} 名预备党员没有表决权，不计入",
                 "{type_en} of {date}: {present} of {expected} voting members present, not {threshold_en} "
                 "(at least {required} needed); the {probationary} probationary members present have no vote",
                 _HINT_ZH + "（党章 第七条：预备党员没有表决权）", _HINT_EN + " (probationary members have no vote)"),
             "unrecorded": _UNRECORDED},
         check=_check("QRM001", "general-assembly"),
         params=(_wording("more-than-half", "；支部工作条例 第十一条写“半数以上”，地方可改",
                          "; the 支部工作条例 art. 11 says 半数以上"), EXCLUDE_AWAY),
         examples=(Example(GA_PASS, GA_FAIL, path="meetings/2025/2025-06-20-assembly.yaml"),)),
    Rule("QRM002", "committee-quorum", "QRM",
         "支委会：须有半数以上委员到会", "branch committee: at least half of its members present",
         "《中国共产党支部工作条例（试行）》第十二条", Severity.ERROR, {
             "": Message("{type}（{date}）到会委员 {present} 人，委员共 {expected} 人，须{threshold_zh}（至少 {required} 人）",
                         "{type_en} of {date}: {present} of {expected} committee members present, not {threshold_en} "
                         "(at least {required} needed)", _HINT_ZH, _HINT_EN),
             "unrecorded": _UNRECORDED},
         check=_check("QRM002", "branch-committee"),
         params=(_wording("at-least-half"), EXCLUDE_AWAY),
         examples=(Example("# 委员 5 人（m01–m05），到会 3 人\ntype: 支委会\ndate: 2025-03-05\nattendees: [m01, m02, m03]",
                           "# 委员 5 人，到会 2 人\ntype: 支委会\ndate: 2025-03-05\nattendees: [m01, m02]",
                           path="meetings/2025/2025-03-05-committee.yaml"),)),
    Rule("QRM003", "joint-meeting-quorum", "QRM",
         "两委联席会议：到会人员须达到两委班子成员总数的 80% 以上",
         "two-committee joint meeting: at least 80% of both committees' members present",
         "000 §十.4《社区党支部工作制度》", Severity.ERROR, {
             "": Message("{type}（{date}）到会 {present} 人，两委班子成员共 {expected} 人，须{threshold_zh}"
                         "（至少 {required} 人）",
                         "{type_en} of {date}: {present} of {expected} members of the two committees present, "
                         "not {threshold_en} (at least {required} needed)",
                         "两委成员含非党员居委会委员（zhidu.yaml 的 residents_committee），到会的非党员写在 non_party_present",
                         "non-party residents' committee members (residents_committee in zhidu.yaml) who came go under "
                         "non_party_present"),
             "unrecorded": _UNRECORDED},
         check=_check("QRM003", "joint-meeting"),
         params=(Param("ratio", C.RATIO, C.Ratio(4, 5), "到会比例下限（含本数）", "the least share present (inclusive)"),
                 EXCLUDE_AWAY),
         examples=(Example("# 两委成员 9 人（支委 5 人 + 居委会非党员委员 4 人），到会 8 人 ≥ 80%\ntype: 两委联席会议\n"
                           "date: 2025-03-10\nattendees: [m01, m02, m03, m04, m05]\nnon_party_present: [刘敏, 张强, 王芳]",
                           "# 两委成员 9 人，到会 7 人 < 80%（至少 8 人）\ntype: 两委联席会议\ndate: 2025-03-10\n"
                           "attendees: [m01, m02, m03, m04, m05]\nnon_party_present: [刘敏, 张强]",
                           path="meetings/2025/2025-03-10-joint.yaml"),)),
    Rule("QRM004", "hearing-quorum", "QRM",
         "听证会：须有应到人数的过半数出席方可举行", "hearing: more than half of those expected must attend",
         "002 社区听证会、议事会、评议会制度 第七条(一)3", Severity.ERROR, {
             "": Message("{type}（{date}）出席 {present} 人，应到 {expected} 人，须{threshold_zh}（至少 {required} 人），"
                         "不得举行", "{type_en} of {date}: {present} of {expected} present, not {threshold_en} "
                         "(at least {required} needed)", _HINT_ZH, _HINT_EN),
             "unrecorded": _UNRECORDED},
         check=_check("QRM004", "hearing"),
         params=(_wording("more-than-half"),),
         examples=(Example("type: 听证会\ndate: 2025-05-08\nheadcount: {expected: 30, present: 16}",
                           "type: 听证会\ndate: 2025-05-08\nheadcount: {expected: 30, present: 15}  # 15 人未过半数",
                           path="meetings/2025/2025-05-08-hearing.yaml"),)),
    Rule("QRM005", "review-participation", "QRM",
         "民主评议党员：参评率须达 95% 以上", "democratic review: at least 95% of members take part",
         "000 §八.3《社区党支部工作制度》", Severity.ERROR, {
             "": Message("{type}（{date}）参评 {present} 人，党员共 {expected} 人，参评率须{threshold_zh}（至少 {required} 人）；"
                         "未参评：{absent}",
                         "{type_en} of {date}: {present} of {expected} members took part, not {threshold_en} "
                         "(at least {required} needed); missing: {absent}",
                         "督促外出党员按时返回参加民评；书面参评的在 reviews 中写 written: true",
                         "urge away members back for the review; written participation is reviews: written: true"),
             "unrecorded": _UNRECORDED},
         check=_check("QRM005", "democratic-review"),
         params=(Param("ratio", C.RATIO, C.Ratio(19, 20), "参评率下限（含本数）", "the least share taking part (inclusive)"),
                 Param("exclude_away", BOOL, False, "外出且未参评的党员不计入党员总数；默认计入（000 §八.3 要求督促返回）",
                       "leave away members out of the base (the source asks to urge them back instead)")),
         examples=(Example("# 党员 14 人：13 人到会，外出的 p02 书面参评（14/14）\ntype: 民主评议党员\ndate: 2025-12-20\n"
                           "attendees: [m01, m02, m03, m04, m05, m06, m07, m08, m09, m10, m11, m12, p01]\n"
                           "reviews:\n  - {member: p02, grade: 合格, written: true}",
                           "# 党员 14 人，13 人参评 < 95%（至少 14 人）\ntype: 民主评议党员\ndate: 2025-12-20\n"
                           "attendees: [m01, m02, m03, m04, m05, m06, m07, m08, m09, m10, m11, m12, p01]",
                           path="meetings/2025/2025-12-20-review.yaml"),)),
    Rule("QRM006", "upper-committee-quorum", "QRM",
         "党工委会议：须有半数以上成员到会，讨论干部问题时须有三分之二以上成员到会",
         "upper-committee meeting: at least half present; at least two thirds for cadre matters",
         "002 街道办事处党工委议事决策规则 三(一)4", Severity.ERROR, {
             "": Message("{type}（{date}）到会 {present} 人，成员共 {expected} 人，须{threshold_zh}（至少 {required} 人）",
                         "{type_en} of {date}: {present} of {expected} members present, not {threshold_en} "
                         "(at least {required} needed)", _HINT_ZH, _HINT_EN),
             "cadre": Message("{type}（{date}）讨论干部问题，到会 {present} 人，成员共 {expected} 人，须{threshold_zh}"
                              "（至少 {required} 人）",
                              "{type_en} of {date} discussed cadre matters with {present} of {expected} members present, "
                              "not {threshold_en} (at least {required} needed)",
                              "讨论干部问题时应有三分之二以上成员到会；否则暂缓该议题",
                              "cadre matters need two thirds present; otherwise defer the item"),
             "unrecorded": _UNRECORDED},
         check=_check("QRM006"),
         params=(_wording("at-least-half", "；来源原文为“半数以上”（含半数），地方从严可改为 more-than-half",
                          "; the source says 半数以上, which includes half (more-than-half for a stricter reading)"),
                 Param("cadre_ratio", C.RATIO, C.Ratio(2, 3), "讨论干部问题时的到会比例下限（含本数）",
                       "the least share present for cadre matters (inclusive)"),
                 Param("cadre_kinds", V.DECISION_KINDS.kind(), ("cadre",), "属于干部问题的决定类别",
                       "decision kinds that are cadre matters"),
                 Param("types", TYPE, ("branch-committee",), "按党工委会议规则计算的会议类型",
                       "meeting types counted as the upper committee's meetings"),
                 EXCLUDE_AWAY),
         enabled_by_default=False,
         examples=(Example("# 按党工委规则（QRM006: on），应到 6 人，到会 3 人：半数以上\ntype: 支委会\ndate: 2025-04-02\n"
                           "expected: [m01, m02, m03, m04, m05, m06]\nattendees: [m01, m02, m03]",
                           "# 应到 6 人，到会 2 人\ntype: 支委会\ndate: 2025-04-02\n"
                           "expected: [m01, m02, m03, m04, m05, m06]\nattendees: [m01, m02]",
                           path="meetings/2025/2025-04-02-committee.yaml", context=(UPPER_ON,)),
                   Example("# 委员 5 人，讨论干部任免（cadre-01），到会 4 人 ≥ 2/3\ntype: 支委会\ndate: 2025-04-02\n"
                           "attendees: [m01, m02, m03, m04]",
                           "# 委员 5 人，讨论干部任免，到会 3 人 < 2/3（至少 4 人）\ntype: 支委会\ndate: 2025-04-02\n"
                           "attendees: [m01, m02, m03]",
                           path="meetings/2025/2025-04-02-committee.yaml", context=(UPPER_ON, *CADRE)))),
)
