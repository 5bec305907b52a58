"""The year's statistics, every number with the records behind it.

Each :class:`Figure` has a code (``gender.female``, ``change.admitted``, ``meetings.group-meeting.group-1``),
a value and the rows it counts — members, meetings or ledger months — so ``zhidu stats --explain CODE``
shows exactly whom a number counts. A member whose field is not filled in is counted under
``….unknown`` (未填) and listed there, never dropped; a value zhidu cannot place in a category
(an education written in a way it does not know) is counted under ``….unrecognized`` with the text.

The day the year is counted at (``end``) is 31 December, or the as-of date while the year is in progress.
The sections and how each number is counted:

* **members** (年末党员) — party members (full and probationary) on ``end``; by status, gender, age
  band (age on ``end``), ethnicity (汉族 / 少数民族), education band, occupation category
  (``occupation_category``) and 党小组 on ``end``.
* **changes** (年内变化) — events dated in the year up to ``end``: admitted (支部大会接收), converted
  (``full`` ending a probation), transferred in and out, lapsed, expelled, withdrew, died.
* **pipeline** (发展) — on ``end``: applicants, activists, development targets, admitted awaiting approval,
  probationary members, each with the days since entering the stage (probation from the assembly).
* **meetings** (会议) — from the cadence schedule the MTG rules use: per body (and 党小组), the
  periods ending in the year, meetings required (periods × count) and valid meetings held.
* **attendance** (出勤) — organizational-life meetings of the year (LIF001's ``types``): for each member
  expected, meetings attended (present or written participation) of meetings expected; the overall
  rate, the rate per 党小组 and per status on ``end``, per age band, and members banded by their own rate.
* **dues** (党费) — from the dues balances: owed and paid for the year's months, cash collected in the
  year's ledgers, remitted to the upper organization, arrears outstanding on ``end``.
* **training** (培训) — training days recorded in the year by members on the rolls on ``end``, by kind,
  and the members short of TRN001's days.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Iterable

from zhidu_cli.model import vocab as V
from zhidu_cli.model.status import Status

SECTIONS = (
    ("members", "年末党员", "members at year end"),
    ("changes", "年内变化", "changes in the year"),
    ("pipeline", "发展党员", "development pipeline"),
    ("meetings", "会议", "meetings"),
    ("attendance", "组织生活出勤", "attendance"),
    ("dues", "党费", "dues"),
    ("training", "培训", "training"),
)
UNKNOWN_ZH, UNKNOWN_EN = "未填", "not filled in"

AGE_BANDS = ((0, 30, "30岁及以下", "30 and under"), (31, 35, "31—35岁", "31–35"), (36, 40, "36—40岁", "36–40"),
             (41, 45, "41—45岁", "41–45"), (46, 50, "46—50岁", "46–50"), (51, 55, "51—55岁", "51–55"),
             (56, 60, "56—60岁", "56–60"), (61, 70, "61—70岁", "61–70"), (71, 80, "71—80岁", "71–80"),
             (81, 200, "81岁及以上", "81 and over"))

EDUCATION = (   # (key, 中文, English, words that place a free-text education in the band), highest first
    ("postgraduate", "研究生", "postgraduate", ("博士", "硕士", "研究生")),
    ("bachelor", "大学本科", "bachelor", ("本科", "学士", "大学")),
    ("college", "大学专科", "junior college", ("大专", "专科", "高职")),
    ("technical", "中专", "technical secondary", ("中专", "中技", "中等专业")),
    ("high-school", "高中", "senior high school", ("高中", "职高", "技校")),
    ("junior", "初中及以下", "junior high or below", ("初中", "小学", "文盲", "扫盲")),
)

OCCUPATIONS_EN = {"worker": "workers", "farmer": "farmers, herders and fishers",
                  "professional": "professional and technical staff", "manager": "managers",
                  "official": "Party and government staff", "student": "students", "retired": "retired",
                  "other": "other occupations"}

ATTENDANCE_BANDS = ((Decimal(100), "100", "全勤的党员", "members attending all"),
                    (Decimal(90), "90-99", "出勤率 90%—99% 的党员", "members attending 90–99%"),
                    (Decimal(75), "75-89", "出勤率 75%—89% 的党员", "members attending 75–89%"),
                    (Decimal(50), "50-74", "出勤率 50%—74% 的党员", "members attending 50–74%"),
                    (Decimal(0), "0-49", "出勤率不足 50% 的党员", "members attending under 50%"))

_CHANGES = (("admitted", "admitted", "接收预备党员", "admitted as probationary members"),
            ("converted", "full", "预备党员转正", "probationary members converted"),
            ("transferred-in", "transferred-in", "组织关系转入", "transferred in"),
            ("transferred-out", "transferred-out", "组织关系转出", "transferred out"),
            ("lapsed", "lapsed", "自行脱党除名", "lapsed (自行脱党)"),
            ("expelled", "expelled", "开除党籍", "expelled"),
            ("withdrew", "withdrew", "退党", "withdrew"),
            ("deceased", "deceased", "去世", "died"))

_STAGES = ((Status.APPLICANT, "applicant", "入党申请人", "applicants"),
           (Status.ACTIVIST, "activist", "入党积极分子", "activists"),
           (Status.TARGET, "target", "发展对象", "development targets"),
           (Status.ADMITTED, "admitted", "已接收待审批", "admitted, awaiting approval"),
           (Status.PROBATIONARY, "probationary", "预备党员", "probationary members"))


@dataclass(frozen=True)
class Row:
    """One member, meeting or ledger month counted by a figure, with the fact that puts it there."""

    id: str
    name: str
    detail_zh: str = ""
    detail_en: str = ""

    def detail(self, lang: str) -> str:
        return self.detail_en if lang == "en" else self.detail_zh


@dataclass(frozen=True)
class Figure:
    code: str
    section: str
    label_zh: str
    label_en: str
    value: int | Decimal | None          # None: nothing to compute a rate from
    rows: tuple[Row, ...] = ()
    required: int | None = None          # meetings: required; attendance: meetings expected
    unit: str = ""                       # "" count, "yuan", "days", "%"
    note_zh: str = ""
    note_en: str = ""
    counts: tuple[int, int] | None = None    # (part, whole): meetings (periods met, periods); rates (attended, expected)
    rule: str = ""                           # meetings: the MTG rule that sets the cadence

    def label(self, lang: str) -> str:
        return self.label_en if lang == "en" else self.label_zh

    def note(self, lang: str) -> str:
        return self.note_en if lang == "en" else self.note_zh

    @property
    def missing(self) -> bool:
        """A figure of members whose field is not filled in, or cannot be placed (or who are in no group)."""
        unplaced = self.code.endswith((".unknown", ".unrecognized")) or self.code == "group.none"
        return unplaced and bool(self.rows)


@dataclass(frozen=True)
class YearStats:
    year: int
    as_of: dt.date
    end: dt.date                          # the day counted at: 31 December, or the as-of date
    branch: str
    figures: tuple[Figure, ...]
    _index: dict = field(default_factory=dict, repr=False, compare=False)

    @property
    def complete(self) -> bool:
        return self.end == dt.date(self.year, 12, 31)

    def figure(self, code: str) -> Figure | None:
        if not self._index:
            self._index.update((f.code, f) for f in self.figures)
        return self._index.get(code)

    def section(self, key: str) -> tuple[Figure, ...]:
        return tuple(f for f in self.figures if f.section == key)

    @property
    def missing(self) -> tuple[Figure, ...]:
        return tuple(f for f in self.figures if f.missing)


def yearly_stats(records, settings, year: int, as_of: dt.date) -> YearStats:
    """The statistics of ``year`` as known on ``as_of`` (which must not be before the year begins)."""
    end = min(dt.date(year, 12, 31), as_of)
    branch = records.branch.name if records.branch is not None else ""
    figures = [*_members(records, end), *_changes(records, year, end), *_pipeline(records, end),
               *_meetings(records, settings, year, end), *_attendance(records, settings, year, end),
               *_dues(records, settings, year, end), *_training(records, settings, year, end)]
    return YearStats(year, as_of, end, branch, tuple(figures))


# --- helpers ---------------------------------------------------------------------------------------------

def _row(records, member_id: str, zh: str = "", en: str | None = None) -> Row:
    member = records.members[member_id]
    return Row(member_id, member.name, zh, zh if en is None else en)


def age_on(born: dt.date, day: dt.date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def age_band(age: int) -> tuple[str, str, str]:
    """(code suffix, 中文, English) of the band an age falls in."""
    for low, high, zh, en in AGE_BANDS:
        if low <= age <= high:
            return (f"{low}-{high}" if high < 200 else f"{low}+", zh, en)
    return ("0-30", AGE_BANDS[0][2], AGE_BANDS[0][3])


def education_band(text: str | None) -> str | None:
    """The band key of a free-text education (``本科`` → bachelor), None when it cannot be placed."""
    if not text:
        return None
    for key in _EDUCATION_MATCH:
        if any(word in text for word in _EDUCATION_WORDS[key]):
            return key
    return None


_EDUCATION_WORDS = {key: words for key, _, _, words in EDUCATION}
_EDUCATION_MATCH = ("postgraduate", "college", "bachelor", "technical", "high-school", "junior")
"""The order the words are tried in: 大学专科 before 大学本科, so that "大学专科" is not read as "大学"."""


def _percent(part: int, whole: int) -> Decimal | None:
    if not whole:
        return None
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def _count(code: str, section: str, zh: str, en: str, rows: Iterable[Row], **extra) -> Figure:
    rows = tuple(rows)
    return Figure(code, section, zh, en, len(rows), rows, **extra)


def _breakdown(section: str, prefix: str, categories: Iterable[tuple[str, str, str]],
               placed: dict[str, list[Row]]) -> list[Figure]:
    """One figure per category, in the given order; ``unknown`` / ``unrecognized`` only when non-empty."""
    out = [_count(f"{prefix}.{key}", section, zh, en, placed.get(key, ())) for key, zh, en in categories]
    if placed.get("unrecognized"):
        out.append(_count(f"{prefix}.unrecognized", section, "无法归类", "cannot be placed", placed["unrecognized"]))
    if placed.get("unknown"):
        out.append(_count(f"{prefix}.unknown", section, UNKNOWN_ZH, UNKNOWN_EN, placed["unknown"]))
    return out


# --- members at year end -----------------------------------------------------------------------------------

def members_on(records, day: dt.date) -> list[str]:
    """Party members (full and probationary) on ``day``, by id."""
    return sorted(m for m, t in records.timelines.items() if t.is_member(day))


def _members(records, end: dt.date) -> list[Figure]:
    ids = members_on(records, end)
    section = "members"
    out = [_count("members.total", section, "党员总数", "members", (_row(records, m) for m in ids))]
    status: dict[str, list[Row]] = defaultdict(list)
    gender: dict[str, list[Row]] = defaultdict(list)
    age: dict[str, list[Row]] = defaultdict(list)
    ethnicity: dict[str, list[Row]] = defaultdict(list)
    education: dict[str, list[Row]] = defaultdict(list)
    occupation: dict[str, list[Row]] = defaultdict(list)
    group: dict[str, list[Row]] = defaultdict(list)
    groups = {g.id: g.name for g in records.branch.groups} if records.branch is not None else {}
    for member_id in ids:
        member = records.members[member_id]
        timeline = records.timelines[member_id]
        status["full" if timeline.is_full(end) else "probationary"].append(_row(records, member_id))
        gender[member.gender or "unknown"].append(_row(records, member_id))
        if member.born is None:
            age["unknown"].append(_row(records, member_id))
        else:
            years = age_on(member.born, end)
            age[age_band(years)[0]].append(_row(records, member_id, f"{member.born}（{years} 岁）",
                                                f"{member.born} ({years})"))
        text = (member.ethnicity or "").strip()
        key = "unknown" if not text else "han" if text in ("汉族", "汉") else "minority"
        ethnicity[key].append(_row(records, member_id, text))
        band = education_band(member.education)
        education["unknown" if not member.education else band or "unrecognized"].append(
            _row(records, member_id, member.education or ""))
        occupation[member.occupation_category or "unknown"].append(_row(records, member_id, member.occupation or ""))
        group_id = timeline.group(end)
        group[group_id if group_id in groups else "none"].append(
            _row(records, member_id, "" if group_id in groups or group_id is None else f"{group_id}（不在 zhidu.yaml）",
                 "" if group_id in groups or group_id is None else f"{group_id} (not in zhidu.yaml)"))
    out += _breakdown(section, "status", (("full", "正式党员", "full members"),
                                          ("probationary", "预备党员", "probationary members")), status)
    out += _breakdown(section, "gender", ((k, f"{zh}性", en) for k, zh, en in
                                          (("male", "男", "men"), ("female", "女", "women"))), gender)
    out += _breakdown(section, "age", ((age_band(low)[0], zh, en) for low, _, zh, en in AGE_BANDS), age)
    out += _breakdown(section, "ethnicity", (("han", "汉族", "Han"), ("minority", "少数民族", "ethnic minorities")),
                      ethnicity)
    out += _breakdown(section, "education", ((k, zh, en) for k, zh, en, _ in EDUCATION), education)
    out += _breakdown(section, "occupation", ((k, zh, OCCUPATIONS_EN[k]) for k, zh, _ in V.OCCUPATIONS.terms),
                      occupation)
    out += [_count(f"group.{gid}", section, name, name, group.get(gid, ())) for gid, name in groups.items()]
    if group.get("none"):
        out.append(_count("group.none", section, "未编入党小组", "in no group", group["none"]))
    return out


# --- changes in the year ----------------------------------------------------------------------------------

def _changes(records, year: int, end: dt.date) -> list[Figure]:
    found: dict[str, list[Row]] = defaultdict(list)
    first = dt.date(year, 1, 1)
    for member_id in sorted(records.members):
        timeline = records.timelines[member_id]
        for event in timeline.events:
            if not first <= event.date <= end:
                continue
            for key, kind, zh, _ in _CHANGES:
                if event.event != kind:
                    continue
                if key == "converted" and timeline.status(event.date - dt.timedelta(days=1)) not in (
                        Status.PROBATIONARY, Status.ADMITTED):
                    continue     # a ``full`` that opens a history (joined before the records) is no conversion
                detail = f"{event.date}" + (f"，{event.place}" if event.place and key.startswith("transferred") else "")
                found[key].append(_row(records, member_id, detail, detail.replace("，", ", ")))
    return [_count(f"change.{key}", "changes", zh, en, found.get(key, ())) for key, _, zh, en in _CHANGES]


# --- development pipeline ---------------------------------------------------------------------------------

def _stage_start(timeline, status: Status, end: dt.date) -> dt.date | None:
    since = timeline.status_since(end)
    if status is Status.PROBATIONARY:     # probation runs from the assembly that admitted the member
        admitted = timeline.last("admitted", before=end)
        if admitted is not None and since is not None and admitted.date <= since:
            return admitted.date
    return since


def _pipeline(records, end: dt.date) -> list[Figure]:
    out = []
    for status, key, zh, en in _STAGES:
        rows, days = [], []
        for member_id in sorted(records.members):
            timeline = records.timelines[member_id]
            if timeline.status(end) is not status:
                continue
            since = _stage_start(timeline, status, end)
            spent = (end - since).days if since else None
            if spent is not None:
                days.append(spent)
            rows.append(_row(records, member_id, f"自 {since}，{spent} 天" if since else "",
                             f"since {since}, {spent} days" if since else ""))
        note_zh = note_en = ""
        if days:
            mean = (Decimal(sum(days)) / len(days)).quantize(Decimal("1"), ROUND_HALF_UP)
            note_zh, note_en = f"在此阶段平均 {mean} 天，最长 {max(days)} 天", f"{mean} days on average, at most {max(days)}"
        out.append(_count(f"pipeline.{key}", "pipeline", zh, en, rows, note_zh=note_zh, note_en=note_en))
    return out


# --- meetings ---------------------------------------------------------------------------------------------

def _meetings(records, settings, year: int, end: dt.date) -> list[Figure]:
    from zhidu_cli.schedule.cadence import Standing, schedule

    totals: dict[tuple[str, str | None], dict] = {}
    for row in schedule(records, settings, end):
        if row.period.end.year != year:
            continue
        key = (row.body.key, row.group_id)
        entry = totals.setdefault(key, {"row": row, "periods": 0, "met": 0, "required": 0, "meetings": []})
        entry["periods"] += 1
        entry["met"] += row.status is Standing.HELD
        entry["required"] += row.body.count
        entry["meetings"] += list(row.meetings)
    out = []
    for (body_key, group_id), entry in totals.items():
        row = entry["row"]
        body, group = row.body, row.group
        code = f"meetings.{body_key}" + (f".{group_id}" if group_id else "")
        zh = body.name_zh + (f"（{group.name}）" if group else "")
        en = body.name_en + (f" ({group.name})" if group else "")
        meetings = tuple(Row(m.id, m.title or m.id, m.date.isoformat(), m.date.isoformat()) for m in entry["meetings"])
        out.append(Figure(code, "meetings", zh, en, len(meetings), meetings, required=entry["required"],
                          note_zh=f"{entry['met']}/{entry['periods']} 个周期达标（{body.code}）",
                          note_en=f"{entry['met']} of {entry['periods']} periods met ({body.code})",
                          counts=(entry["met"], entry["periods"]), rule=body.code))
    return out


# --- attendance -------------------------------------------------------------------------------------------

def _attendance(records, settings, year: int, end: dt.date) -> list[Figure]:
    from zhidu_cli.rules.counting import attendance, param

    types = set(param(settings, "LIF001", "types"))
    expected: dict[str, int] = defaultdict(int)
    attended: dict[str, int] = defaultdict(int)
    for meeting in records.meetings:
        if meeting.date.year != year or meeting.date > end or types.isdisjoint(meeting.types):
            continue
        record = attendance(meeting, records)
        took_part = set(record.present) | set(record.written)
        for member_id in record.expected.members:
            if member_id not in records.members:
                continue
            expected[member_id] += 1
            attended[member_id] += member_id in took_part

    def rows(ids: Iterable[str]) -> tuple[Row, ...]:
        return tuple(_row(records, m, f"{attended[m]}/{expected[m]} 次（{_percent(attended[m], expected[m])}%）",
                          f"{attended[m]} of {expected[m]} ({_percent(attended[m], expected[m])}%)") for m in ids)

    def rate(code: str, zh: str, en: str, ids: list[str]) -> Figure:
        whole, part = sum(expected[m] for m in ids), sum(attended[m] for m in ids)
        return Figure(code, "attendance", zh, en, _percent(part, whole), rows(ids), required=whole, unit="%",
                      note_zh=f"出席 {part} 人次 / 应到 {whole} 人次", note_en=f"{part} attendances of {whole} expected",
                      counts=(part, whole))

    everyone = sorted(expected)
    out = [rate("attendance.overall", "全体党员", "all members", everyone)]
    groups = {g.id: g.name for g in records.branch.groups} if records.branch is not None else {}
    for group_id, name in groups.items():
        ids = [m for m in everyone if records.timelines[m].group(end) == group_id]
        out.append(rate(f"attendance.group.{group_id}", name, name, ids))
    for status, key, zh, en in ((Status.FULL, "full", "正式党员", "full members"),
                                (Status.PROBATIONARY, "probationary", "预备党员", "probationary members")):
        ids = [m for m in everyone if records.timelines[m].status(end) is status]
        out.append(rate(f"attendance.status.{key}", zh, en, ids))
    by_age: dict[str, list[str]] = defaultdict(list)
    for member_id in everyone:
        born = records.members[member_id].born
        by_age[age_band(age_on(born, end))[0] if born else "unknown"].append(member_id)
    for low, _, zh, en in AGE_BANDS:
        key = age_band(low)[0]
        if by_age.get(key):
            out.append(rate(f"attendance.age.{key}", zh, f"aged {en}", by_age[key]))
    if by_age.get("unknown"):
        out.append(rate("attendance.age.unknown", f"年龄{UNKNOWN_ZH}", "age not filled in", by_age["unknown"]))
    banded: dict[str, list[str]] = defaultdict(list)
    for member_id in everyone:
        mine = _percent(attended[member_id], expected[member_id])
        banded[next(k for low, k, _, _ in ATTENDANCE_BANDS if mine >= low)].append(member_id)
    for _, key, zh, en in ATTENDANCE_BANDS:
        out.append(Figure(f"attendance.band.{key}", "attendance", zh, en,
                          len(banded[key]), rows(banded[key])))
    return out


# --- dues -------------------------------------------------------------------------------------------------

def _dues(records, settings, year: int, end: dt.date) -> list[Figure]:
    from zhidu_cli.dues.balances import ZERO, compute_balances
    from zhidu_cli.dues.settings import DuesSettings
    from zhidu_cli.dues.standard import DuesStandardError
    from zhidu_cli.schedule.months import YearMonth

    try:
        dues = DuesSettings.from_config(settings.dues if settings is not None else None)
    except DuesStandardError:
        return []
    balances = compute_balances(records, dues.standard, end, start=dues.start)
    if balances.start is None:
        return []
    first, last = YearMonth(year, 1), YearMonth.of(end)
    owed, paid, outstanding = [], [], []
    owed_total = paid_total = outstanding_total = ZERO
    for member_id, balance in balances.members.items():
        figures = balance.period(first, last)
        if figures.owed or figures.paid:
            owed.append(_row(records, member_id, f"{figures.owed} 元", f"{figures.owed} yuan"))
            paid.append(_row(records, member_id, f"{figures.paid} 元", f"{figures.paid} yuan"))
            owed_total += figures.owed
            paid_total += figures.paid
        lines = [line for line in balance.lines if line.month <= last]
        arrears = lines[-1].arrears if lines else ZERO
        if arrears > 0:
            outstanding.append(_row(records, member_id, f"{arrears} 元", f"{arrears} yuan"))
            outstanding_total += arrears
    collected, remitted = [], []
    collected_total = remitted_total = ZERO
    for month, ledger in sorted(records.ledgers.items()):
        if month.year != year or month > last:
            continue
        cash = sum((p.amount for p in ledger.payments if p.paid_on <= end and not p.elsewhere), ZERO)
        if cash:
            collected.append(Row(str(month), month.label_zh, f"{cash} 元", f"{cash} yuan"))
            collected_total += cash
        if ledger.remittance is not None and ledger.remittance.date <= end:
            amount = ledger.remittance.amount
            remitted.append(Row(str(month), month.label_zh, f"{ledger.remittance.date} 上缴 {amount} 元",
                                f"{amount} yuan on {ledger.remittance.date}"))
            remitted_total += amount
    money = {"unit": "yuan"}
    return [Figure("dues.owed", "dues", "应交党费", "dues owed", owed_total, tuple(owed), **money),
            Figure("dues.paid", "dues", "已交党费（本年各月）", "dues paid for the year's months", paid_total,
                   tuple(paid), **money),
            Figure("dues.collected", "dues", "本年账簿收缴", "collected in the year's ledgers", collected_total,
                   tuple(collected), **money),
            Figure("dues.remitted", "dues", "上缴上级党委", "remitted to the upper organization", remitted_total,
                   tuple(remitted), **money),
            Figure("dues.outstanding", "dues", "年末欠交", "arrears outstanding", outstanding_total,
                   tuple(outstanding), **money)]


# --- training ---------------------------------------------------------------------------------------------

def _training(records, settings, year: int, end: dt.date) -> list[Figure]:
    from zhidu_cli.rules.counting import param
    from zhidu_cli.rules.review import collective_shortfalls

    ids = members_on(records, end)
    by_kind: dict[str, list[Row]] = defaultdict(list)
    kind_days: dict[str, Decimal] = defaultdict(Decimal)
    per_member: list[Row] = []
    total = Decimal(0)
    for member_id in ids:
        member = records.members[member_id]
        mine = [t for t in member.training if t.date.year == year and t.date <= end]
        days = sum((t.days for t in mine), Decimal(0))
        if mine:
            per_member.append(_row(records, member_id, f"{_num(days)} 天", f"{_num(days)} days"))
        total += days
        for kind in dict.fromkeys(t.kind for t in mine):
            kind_total = sum((t.days for t in mine if t.kind == kind), Decimal(0))
            kind_days[kind] += kind_total
            by_kind[kind].append(_row(records, member_id, f"{_num(kind_total)} 天", f"{_num(kind_total)} days"))
    out = [Figure("training.days", "training", "培训总天数", "training days", total, tuple(per_member), unit="days",
                  note_zh=f"{len(per_member)} 名党员有培训记录", note_en=f"{len(per_member)} members trained")]
    for kind, zh, _ in V.TRAINING_KINDS.terms:
        out.append(Figure(f"training.kind.{kind}", "training", zh, kind, kind_days.get(kind, Decimal(0)),
                          tuple(by_kind.get(kind, ())), unit="days"))
    required = Decimal(param(settings, "TRN001", "days", dt.date(year, 12, 31)))
    short = collective_shortfalls(records, year, required, param(settings, "TRN001", "kinds", dt.date(year, 12, 31)), end)
    out.append(_count("training.short", "training", f"集体教育不足 {_num(required)} 天",
                      f"under {_num(required)} days of collective education",
                      (_row(records, m, f"{_num(d)} 天", f"{_num(d)} days") for m, d in short),
                      note_zh="TRN001", note_en="TRN001"))
    return out


def _num(value: Decimal) -> str:
    return format(Decimal(value).normalize(), "f")
