"""MTG: organizational life must happen — each body meets at least as often as its rules say (RULEBOOK §1).

The periods and their standing come from :func:`zhidu_cli.schedule.cadence.schedule`, the same function
behind ``zhidu overdue``; a rule here only reports the *overdue* periods of its body. A period still in
force is never a finding (it is "due" in the schedule), however little time is left.

Each rule's ``per``, ``count`` and ``since`` parameters reshape its body (the Guizhou profile asks
for two party lectures a year: ``MTG004: {per: year, count: 2}``). MTG014 holds three sub-requirements
of seed 000 §十四 (publicity each quarter, review each half-year, assessment each year), each with its
own ``<part>_per`` / ``<part>_count``. MTG015–MTG019 are the optional bodies of seed 004, switched on
in ``zhidu.yaml`` with ``optional_bodies: [trade-union, womens-federation, governance]``.
"""

from __future__ import annotations

import datetime as dt

from zhidu_cli.model.fields import BOOL, DATE, INT, Invalid, Kind
from zhidu_cli.rules.engine import Context, Example, Message, Param, Rule
from zhidu_cli.schedule.cadence import Body, Standing, bodies_of, schedule
from zhidu_cli.schedule.periods import PeriodKind, period_of

_CHARTER = "《中国共产党支部工作条例（试行）》"


def _parse_period(text: str) -> str:
    try:
        return PeriodKind.parse(text).value
    except ValueError:
        raise Invalid("enum", value=text, allowed=", ".join(k.value for k in PeriodKind)) from None


def _parse_count(text: str) -> int:
    value = INT.parse(text)
    if value < 1:
        raise Invalid("int", value=text)
    return value


PERIOD = Kind("period", _parse_period,
              "周期：month（每月）、quarter（每季度）、half-year（每半年）、year（每年）、5-years（每五年）", "quarter")
COUNT = Kind("count", _parse_count, "每个周期至少召开的次数（正整数）", "2")

SCHEDULE_KEY = "schedule.cadence"


def rows(ctx: Context):
    """The run's schedule, computed once and shared by every MTG rule."""
    return ctx.shared(SCHEDULE_KEY, lambda: schedule(ctx.records, ctx.settings, ctx.as_of))


def _overdue(ctx: Context) -> dict[str, list]:
    """The schedule's overdue rows by rule code, sorted out once for the fourteen MTG rules."""
    def by_code() -> dict[str, list]:
        found: dict[str, list] = {}
        for row in rows(ctx):
            if row.status is Standing.OVERDUE:
                found.setdefault(row.code, []).append(row)
        return found
    return ctx.shared(SCHEDULE_KEY + ".overdue", by_code)


def check_cadence(ctx: Context):
    """One problem per overdue period of this rule's bodies, at zhidu.yaml or the group's entry.

    When the period did have meetings of the body that failed their quorum, the finding says so and
    points at them (they are the reason the period counts as missed; QRM reports the head count).
    """
    branch = ctx.records.branch
    for row in _overdue(ctx).get(ctx.rule.code, ()):
        last = row.last_meeting
        variant = ("group" if row.group else "") + ("-inquorate" if row.inquorate else "")
        related = tuple(m.where("attendees") for m in row.inquorate) + ((last.where("date"),) if last else ())
        yield ctx.problem(
            row.group.loc if row.group else branch.loc, variant.lstrip("-"),
            related=related, inquorate=[m.date for m in row.inquorate],
            body=row.body.key, body_zh=row.body.name_zh, body_en=row.body.name_en,
            group=row.group_id or "", group_name=row.group.name if row.group else "",
            period=row.period.label_zh, period_en=row.period.label_en,
            period_start=row.period.start, period_end=row.period.end,
            required=row.body.count, held=len(row.meetings), days_overdue=row.days_overdue,
            last_meeting=last.id if last else "", last_date=last.date if last else "—",
        )


_HINT_ZH = "最近一次有效会议：{last_date}。请尽快召开并在 meetings/ 建档（已召开的请补录）；未达到法定人数的会议不计入"
_HINT_EN = ("last valid meeting: {last_date}. Hold one and file it under meetings/ (or file the one already held); "
            "a meeting without a quorum does not count")

_INQUORATE_ZH = "（{inquorate} 的会议未达到法定人数，不计入）"
_INQUORATE_EN = " (the meeting(s) of {inquorate} failed the quorum and do not count)"

MESSAGES = {
    "": Message("{period}{body_zh}次数不足：应至少 {required} 次，实有 {held} 次，已逾期 {days_overdue} 天",
                "{period_en}: {body_en} held {held} times, at least {required} required (days overdue: {days_overdue})",
                _HINT_ZH, _HINT_EN),
    "group": Message("{period}{group_name}{body_zh}次数不足：应至少 {required} 次，实有 {held} 次，已逾期 {days_overdue} 天",
                     "{period_en}: {body_en} of {group_name} held {held} times, at least {required} required "
                     "(days overdue: {days_overdue})", _HINT_ZH, _HINT_EN),
    "inquorate": Message("{period}{body_zh}次数不足：应至少 {required} 次，实有 {held} 次" + _INQUORATE_ZH
                         + "，已逾期 {days_overdue} 天",
                         "{period_en}: {body_en} held {held} times, at least {required} required" + _INQUORATE_EN
                         + " (days overdue: {days_overdue})", _HINT_ZH, _HINT_EN),
    "group-inquorate": Message("{period}{group_name}{body_zh}次数不足：应至少 {required} 次，实有 {held} 次"
                               + _INQUORATE_ZH + "，已逾期 {days_overdue} 天",
                               "{period_en}: {body_en} of {group_name} held {held} times, at least {required} "
                               "required" + _INQUORATE_EN + " (days overdue: {days_overdue})", _HINT_ZH, _HINT_EN),
}

_PER_ZH = {"month": "每月", "quarter": "每季度", "half-year": "每半年", "year": "每年", "5-years": "每五年"}


def _params(code: str) -> tuple[Param, ...]:
    """``per`` / ``count`` for each body of the rule (prefixed when there are several), then ``since``."""
    params: list[Param] = []
    for body in bodies_of(code):
        what_zh = f"{body.name_zh}的" if body.param_prefix else ""
        what_en = f" of the {body.name_en}" if body.param_prefix else ""
        params.append(Param(body.per_param, PERIOD, body.per.value,
                            f"{what_zh}检查周期（默认{_PER_ZH[body.per.value]}）",
                            f"the period{what_en} (default: {body.per.value})"))
        params.append(Param(body.count_param, COUNT, body.count,
                            f"{what_zh}每个周期至少召开的次数", f"meetings required per period{what_en}"))
        if body.closing_months:
            params.append(Param(body.january_param, BOOL, True,
                                f"{what_zh}年终会议在次年 1 月召开的，计入上一年度（年终：第四季度或收尾的 1 月会议）；"
                                "false 则只认第四季度",
                                f"a year-end meeting{what_en} held in the next January counts for the year before "
                                "(false: the fourth quarter only)"))
    params.append(Param("since", DATE, None,
                        "自该日期起检查（此前开始的周期不查；五年周期以该年为起点）",
                        "check periods starting on or after this date (five-year periods count from its year)"))
    return tuple(params)


def _example(body: Body, held: str, missing: str) -> Example:
    """A meeting inside the period, and the same meeting a day too late (as of that day it is overdue).

    The records begin with the period (``records_start``); a group meeting is shown for g1, the other
    group (g2) meets in both cases; an optional body is switched on.
    """
    type_ = body.types[0]
    group = "\ngroup: g1" if body.per_group else ""
    start = period_of(body.per, dt.date.fromisoformat(held)).start
    config = f"records_start: {start.isoformat()}\n"
    if body.optional:
        config += f"optional_bodies: [{body.optional}]\n"
    context = [("zhidu.yaml", config)]
    if body.per_group:
        context.append((f"meetings/{held[:4]}/{held}-{type_}-g2.yaml", f"type: {type_}\ndate: {held}\ngroup: g2"))
    return Example(
        f"# 周期之内 / inside the period\ntype: {type_}\ndate: {held}{group}",
        (f"# 收尾的 1 月之后，不计入上一年度 / after the closing January\ntype: {type_}\ndate: {missing}{group}"
         if body.closing else
         f"# 下一周期第一天，不计入上一周期 / a day too late\ntype: {type_}\ndate: {missing}{group}"),
        "type 可写列表，一次活动计入所列各项 / a list of types counts one activity for each",
        path=f"meetings/{held[:4]}/{held}-{type_}.yaml", failing_path=f"meetings/{missing[:4]}/{missing}-{type_}.yaml",
        context=tuple(context), as_of=missing)


def _rule(code: str, name: str, summary_zh: str, summary_en: str, citation: str, *,
          held: str, missing: str) -> Rule:
    bodies = bodies_of(code)
    return Rule(code, name, "MTG", summary_zh, summary_en, citation, bodies[0].severity, MESSAGES,
                check=check_cadence, params=_params(code), examples=(_example(bodies[0], held, missing),),
                enabled_by_default=not bodies[0].optional)


RULES = (
    _rule("MTG001", "branch-committee-meets", "支委会每月至少召开一次", "the branch committee meets every month",
          f"000 §二.1; 002 社区党组织工作细则 二(二)1; {_CHARTER}第十二条", held="2025-01-10", missing="2025-02-01"),
    _rule("MTG002", "general-assembly-meets", "支部党员大会每季度至少召开一次", "the general assembly meets every quarter",
          f"000 §二.2; {_CHARTER}第十一条", held="2025-03-20", missing="2025-04-01"),
    _rule("MTG003", "group-meets", "每个党小组每月至少召开一次党小组会", "each 党小组 meets every month",
          f"000 §二.3; {_CHARTER}第十三条", held="2025-01-15", missing="2025-02-01"),
    _rule("MTG004", "party-lecture-held", "每季度至少上一次党课（贵州：每年至少 2 次）",
          "a party lecture every quarter (Guizhou: at least 2 a year)",
          "000 §二.4; 001 §四.9（贵州：每年至少组织党员上 2 次党课）", held="2025-03-05", missing="2025-04-01"),
    _rule("MTG005", "life-meeting-held", "民主生活会（组织生活会）每半年至少召开一次",
          "a democratic / organizational life meeting every half-year",
          f"000 §三.1; 002 社区党组织工作细则 二(二)2; {_CHARTER}第十七条（全国底线每年至少一次）",
          held="2025-06-20", missing="2025-07-01"),
    _rule("MTG006", "democratic-review-held", "每年组织一次民主评议党员", "members are reviewed every year",
          "000 §八.1; 001 §四.9", held="2025-12-10", missing="2026-01-01"),
    _rule("MTG007", "joint-meeting-meets", "两委联席会议每月至少召开一次", "the two committees meet jointly every month",
          "000 §十.2", held="2025-01-08", missing="2025-02-01"),
    _rule("MTG008", "e-education-viewed", "党员每月至少收看一次电教片", "an e-education viewing every month",
          "000 §九.3", held="2025-01-22", missing="2025-02-01"),
    _rule("MTG009", "community-joint-meeting-meets", "社区工作联席会每季度召开一次",
          "the community work joint meeting meets every quarter",
          "002 社区党组织工作细则 二(二)3", held="2025-03-12", missing="2025-04-01"),
    _rule("MTG010", "study-activity-held", "社区党员每月至少开展一次学习教育活动", "a study activity for members every month",
          "001 §四.8", held="2025-01-18", missing="2025-02-01"),
    _rule("MTG011", "year-end-review-held", "每年年底（第四季度，或收尾的次年 1 月）召开评议会（四报一评议）",
          "the year-end review meeting is held every year, in the fourth quarter (or the January that closes the year)",
          "002 评议会制度 第十三条", held="2025-12-18", missing="2026-02-01"),
    _rule("MTG012", "heart-to-heart-held", "班子成员每半年至少谈心谈话一次",
          "the leadership holds heart-to-heart talks every half-year",
          f"003 §一; {_CHARTER}（全国底线每年至少一次）", held="2025-06-12", missing="2025-07-01"),
    _rule("MTG013", "party-spirit-analysis-held", "每 5 年集中开展一次党员党性分析评议",
          "a party-spirit analysis review every five years",
          "001 §四.9", held="2026-05-20", missing="2031-01-01"),
    _rule("MTG014", "service-commitment-cycle", "党员服务承诺一季一公示、半年一点评、年终一考核",
          "service commitments are published each quarter, reviewed each half-year and assessed at year end "
          "(the fourth quarter, or the January that closes the year)",
          "000 §十四（“原则上一季一公示，半年一点评，年终一考核”）", held="2025-03-28", missing="2025-04-01"),
    _rule("MTG015", "trade-union-committee-meets", "社区工会委员会例会每季度召开一次（可选）",
          "the trade union committee meets every quarter (optional body)",
          "004 工会制度 1", held="2025-03-15", missing="2025-04-01"),
    _rule("MTG016", "trade-union-congress-held", "工会会员（代表）大会每年召开一次（可选）",
          "the trade union members' congress meets every year (optional body)",
          "004 工会制度 2", held="2025-11-15", missing="2026-01-01"),
    _rule("MTG017", "womens-committee-meets", "妇联成员和妇代会主任全会每季度召开一次（可选）",
          "the women's federation committee meets every quarter (optional body)",
          "004 妇联制度（二）2", held="2025-03-08", missing="2025-04-01"),
    _rule("MTG018", "womens-congress-held", "每年召开一次妇女代表大会（可选）",
          "the women's congress meets every year (optional body)",
          "004 妇联制度（二）3", held="2025-03-08", missing="2026-01-01"),
    _rule("MTG019", "governance-meeting-held", "综治工作例会每月召开一次（可选）",
          "the social-governance (综治) work meeting is held every month (optional body)",
          "004 综治工作制度 二", held="2025-01-06", missing="2025-02-01"),
)

# ``optional_bodies:`` names in zhidu.yaml → the rules they switch on (read by registry.optional_bodies())
OPTIONAL_BODIES = {
    "trade-union": ("MTG015", "MTG016"),
    "womens-federation": ("MTG017", "MTG018"),
    "governance": ("MTG019",),
}
