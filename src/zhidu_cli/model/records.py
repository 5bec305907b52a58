"""The records as frozen dataclasses — and, through each field's ``spec``, their schema.

One class per YAML mapping. Field names are the YAML keys (``key=`` where Python forbids the name).
Every record remembers where it came from (``loc``) and where each of its fields is (``locs``), so a
rule can point at ``decisions/2025/adm-01.yaml:12:5`` rather than at a file.
Nothing here knows about dates "now": status is derived in :mod:`zhidu_cli.model.status`.
"""

from __future__ import annotations

import datetime as dt
from array import array
from dataclasses import dataclass, field
from decimal import Decimal
from collections.abc import Mapping
from typing import ClassVar

from zhidu_cli.diagnostics.finding import Location
from zhidu_cli.model import vocab as V
from zhidu_cli.model.fields import BOOL, DATE, DECIMAL, INT, MONEY, MONTH, TEXT, TIME, spec
from zhidu_cli.schedule.months import YearMonth

_NOWHERE = Location("")


_NAMES: dict[tuple[str, ...], tuple[str, ...]] = {}    # one tuple of names per distinct list of them
_SHAPES: dict[tuple[str, ...], tuple[tuple[str, ...], tuple[int, ...]]] = {}   # names checked: (shared names, list runs' indexes)


class Positions(Mapping):
    """Where each field of a record was written: ``name`` → ``line << 32 | column`` of its key, and
    ``name + "[]"`` → the same for each item of a list, in an array.

    Why not a dict: a street office's records have millions of fields and list items, and a dict of
    Python integers per record was a third of the model's memory. Here the positions are one array of
    machine integers (a list's run is its length, then its items), and ``names`` is one tuple shared by
    every record written with the same keys in the same order.
    """

    __slots__ = ("names", "packed")

    def __init__(self, names: tuple[str, ...], packed: array) -> None:
        self.names = _NAMES.setdefault(names, names)
        self.packed = packed

    @classmethod
    def checked(cls, names: tuple[str, ...], packed: array) -> "Positions":
        """Positions whose runs fit ``packed`` exactly (from a cache entry), else ValueError.

        Each distinct list of names is checked (and its runs found) once: a warm load asks this for
        every stored record, hundreds of thousands at street-office scale, with a few dozen lists."""
        shape = _SHAPES.get(names)
        if shape is None:
            for name in names:
                if name.__class__ is not str:
                    raise ValueError("name")
            shape = _SHAPES[names] = (_NAMES.setdefault(names, names),
                                      tuple(i for i, name in enumerate(names) if name.endswith("[]")))
        shared, runs = shape
        offset = 0
        scalars_from = 0
        for index in runs:
            offset += index - scalars_from          # the names before this run hold one position each
            if offset >= len(packed) or packed[offset] < 0:
                raise ValueError("run")
            offset += packed[offset] + 1
            scalars_from = index + 1
        if offset + len(names) - scalars_from != len(packed):
            raise ValueError("length")
        positions = object.__new__(cls)
        positions.names = shared
        positions.packed = packed
        return positions

    def get(self, name: str, default=None):
        names = self.names
        if name not in names:
            return default
        packed = self.packed
        offset = 0
        for earlier in names[:names.index(name)]:
            offset += packed[offset] + 1 if earlier.endswith("[]") else 1
        if name.endswith("[]"):
            return packed[offset + 1: offset + 1 + packed[offset]]
        return packed[offset]

    def __getitem__(self, name: str):
        found = self.get(name)
        if found is None:
            raise KeyError(name)
        return found

    def __contains__(self, name: object) -> bool:
        return name in self.names

    def __iter__(self):
        return iter(self.names)

    def __len__(self) -> int:
        return len(self.names)


@dataclass(frozen=True, kw_only=True, slots=True)
class Record:
    """Where a record and each of its fields were written."""

    loc: Location = field(default=_NOWHERE, compare=False, repr=False)
    # field name → line << 32 | column of its key; "name[]" → the same for each list item (Positions,
    # as the builder makes them). Packed integers, not Locations: a street office's records have
    # millions of fields and list items, and only the few that a finding names are ever turned into a
    # Location (by ``where``).
    locs: Mapping[str, int | tuple[int, ...]] = field(default_factory=dict, compare=False, repr=False)
    # fields written but not (wholly) read — an invalid value, a list item dropped — already reported
    # by SCH; a rule consuming one of them must not judge on what is left (one mistake, one finding)
    refused: frozenset[str] = field(default=frozenset(), compare=False, repr=False)

    def where(self, name: str, index: int | None = None) -> Location:
        """The location of field ``name`` (or of its ``index``-th list item), falling back to the record."""
        locs = self.locs
        if index is not None:
            items = locs.get(name + "[]")
            if items is not None and 0 <= index < len(items):
                return Location(self.loc.path, items[index] >> 32, items[index] & 0xFFFFFFFF)
        packed = locs.get(name)
        if packed is None:
            return self.loc
        return Location(self.loc.path, packed >> 32, packed & 0xFFFFFFFF)


# --- zhidu.yaml -----------------------------------------------------------------------------------

@dataclass(frozen=True, kw_only=True, slots=True)
class Group(Record):
    id: str = spec(TEXT, required=True, doc="党小组编号，成员文件的 group 引用它")
    name: str = spec(TEXT, required=True, doc="党小组名称，如 第一党小组")
    start: dt.date | None = spec(DATE, key="from", doc="成立日期；此前的会议不计入")
    end: dt.date | None = spec(DATE, key="to", doc="撤销日期")


@dataclass(frozen=True, kw_only=True, slots=True)
class RosterEntry(Record):
    """Someone on a body's roster who is not derived from member status (e.g. non-party 居委会 members)."""

    name: str = spec(TEXT, required=True, doc="姓名")
    member: str | None = spec(TEXT, ref="member", doc="若是本支部党员，填成员编号")
    role: str | None = spec(TEXT, doc="职务，如 居委会主任")
    start: dt.date | None = spec(DATE, key="from", doc="任职开始")
    end: dt.date | None = spec(DATE, key="to", doc="任职结束")
    phone: str | None = spec(TEXT, private=True, doc="联系电话（隐私）")


@dataclass(frozen=True, kw_only=True, slots=True)
class Regrouping(Record):
    """Party groups split or merged on one date: who moves from one group to another, in one record."""

    date: dt.date = spec(DATE, required=True, doc="调整生效日期")
    source: str = spec(TEXT, key="from", required=True, ref="group", doc="原党小组编号")
    target: str = spec(TEXT, key="to", required=True, ref="group", doc="调入的党小组编号")
    members: tuple[str, ...] = spec([TEXT], ref="member", doc="调动的成员；省略表示原小组全体（合并）")
    note: str | None = spec(TEXT, doc="说明，如 第一党小组一分为二")


@dataclass(frozen=True, kw_only=True, slots=True)
class Branch(Record):
    name: str = spec(TEXT, required=True, doc="支部全称，如 中共幸福里社区支部委员会")
    short_name: str | None = spec(TEXT, doc="简称，用于公示落款")
    upper: str = spec(TEXT, required=True, doc="上级党组织（审批发展党员），如 中共XX街道工作委员会")
    address: str | None = spec(TEXT, doc="党务公开栏所在地址，公示中写明")
    contact: str | None = spec(TEXT, doc="公示期间受理意见的联系方式（办公电话，可公开）")
    founded: dt.date | None = spec(DATE, doc="成立日期；此前不计应开会议")
    records_start: dt.date | None = spec(DATE, doc="记录起始日期：此日之前结束的周期不检查，此前的会议、决定、账簿视为历史资料；"
                                                    "此日或之后结束的周期、此日或之后的事实（连同其回应的期限）、到此日仍未完成的义务"
                                                    "都检查（见 docs/cadence.md）；省略时会议周期从最早一次会议所在月起检查")
    groups: tuple[Group, ...] = spec([Group], doc="党小组")
    residents_committee: tuple[RosterEntry, ...] = spec([RosterEntry], doc="居委会成员名册（含非党员），用于两委联席会议")
    regroupings: tuple[Regrouping, ...] = spec([Regrouping], doc="党小组拆分或合并：生效日期、原小组、新小组、调动的成员；"
                                                                "无须逐一修改成员文件的 group")


# --- members/<id>.yaml ----------------------------------------------------------------------------

@dataclass(frozen=True, kw_only=True, slots=True)
class GroupAssignment(Record):
    SHORTHAND: ClassVar[str] = "group"

    group: str = spec(TEXT, required=True, ref="group", doc="党小组编号")
    start: dt.date | None = spec(DATE, key="from", doc="编入日期")
    end: dt.date | None = spec(DATE, key="to", doc="调离日期")


@dataclass(frozen=True, kw_only=True, slots=True)
class Role(Record):
    role: str = spec(V.ROLES.kind(), required=True, doc="职务")
    start: dt.date = spec(DATE, key="from", required=True, doc="任职开始")
    end: dt.date | None = spec(DATE, key="to", doc="任职结束（不含）；空表示至今")
    group: str | None = spec(TEXT, ref="group", doc="党小组长所在小组")


@dataclass(frozen=True, kw_only=True, slots=True)
class BaseAmount(Record):
    start: YearMonth = spec(MONTH, key="from", required=True, doc="自该月起适用（新收入开始之月）")
    amount: Decimal = spec(MONEY, required=True, doc="月缴费基数（税后收入或养老金），元")
    social_insurance: Decimal | None = spec(MONEY, doc="个人缴纳的社会保险，元（按地方口径扣除时用）")


@dataclass(frozen=True, kw_only=True, slots=True)
class DuesProfile(Record):
    category: str = spec(V.DUES_CATEGORIES.kind(), required=True, doc="缴费类别")
    base: tuple[BaseAmount, ...] = spec([BaseAmount], doc="基数历史，按 from 月份生效")
    quarterly: bool = spec(BOOL, default=False, doc="经支部同意按季度缴纳（流动党员）")
    amount: Decimal | None = spec(MONEY, doc="定额缴纳的月金额（农民等 0.2–1 元之间自选时）")


@dataclass(frozen=True, kw_only=True, slots=True)
class Event(Record):
    """One dated fact in a member's history; which fields apply depends on ``event``."""

    date: dt.date = spec(DATE, required=True, doc="日期。full（转正）事件的日期是成为正式党员之日，即预备期满之日"
                                                  "（党龄自此起算），不是支部大会或上级批准的日期：那两者记在转正决定中，"
                                                  "用 decision: 关联")
    event: str = spec(V.EVENTS.kind(), required=True, doc="事件")
    by: str | None = spec(TEXT, doc="谈话人（成员编号）、审批机关或考察人")
    sponsors: tuple[str, ...] = spec([TEXT], ref="member", doc="培养联系人（两名正式党员）")
    introducers: tuple[str, ...] = spec([TEXT], ref="member", doc="入党介绍人（两名正式党员）")
    meeting: str | None = spec(TEXT, ref="meeting", doc="作出该事项的会议编号")
    decision: str | None = spec(TEXT, ref="decision", doc="相关决定编号")
    reference: str | None = spec(TEXT, doc="批复文号")
    status: str | None = spec(V.TRANSFER_STATUSES.kind(), doc="转入时的身份：full（正式）或 probationary（预备）")
    joined: dt.date | None = spec(DATE, doc="转入党员在原党组织入党（接收为预备党员）的日期（transferred-in 事件）")
    converted: dt.date | None = spec(DATE, doc="转入党员在原党组织转为正式党员的日期（transferred-in 事件，党龄自此起算）")
    days: Decimal | None = spec(DECIMAL, doc="培训天数")
    hours: Decimal | None = spec(DECIMAL, doc="培训学时")
    months: int | None = spec(INT, doc="延长预备期或留党察看（sanctioned）的月数")
    place: str | None = spec(TEXT, doc="外出地点 / 转往单位")
    fixed_place: bool | None = spec(BOOL, doc="外出地点是否固定")
    until: dt.date | None = spec(DATE, doc="预计返回日期；留党察看、暂缓交纳、短暂回乡（visited）的截止日期（不含）")
    certificate: str | None = spec(V.CERTIFICATES.kind(), doc="外出所持凭证")
    reason: str | None = spec(TEXT, doc="原因")
    contact: str | None = spec(TEXT, private=True, doc="外出期间联系方式（隐私）")
    temporary_group: str | None = spec(TEXT, doc="所在临时党支部或党小组")
    written: bool | None = spec(BOOL, doc="书面汇报（reported 事件）")
    note: str | None = spec(TEXT, doc="备注")


@dataclass(frozen=True, kw_only=True, slots=True)
class Training(Record):
    date: dt.date = spec(DATE, required=True, doc="开始日期")
    kind: str = spec(V.TRAINING_KINDS.kind(), required=True, doc="培训类别")
    days: Decimal = spec(DECIMAL, required=True, doc="天数")
    title: str | None = spec(TEXT, doc="名称")


@dataclass(frozen=True, kw_only=True, slots=True)
class Member(Record):
    id: str = spec(TEXT, doc="成员编号，须与文件名一致（可省略）")
    name: str = spec(TEXT, required=True, doc="姓名")
    gender: str | None = spec(V.GENDERS.kind(), doc="性别")
    born: dt.date | None = spec(DATE, doc="出生日期")
    ethnicity: str | None = spec(TEXT, doc="民族")
    education: str | None = spec(TEXT, doc="学历")
    occupation: str | None = spec(TEXT, doc="职业 / 工作单位")
    occupation_category: str | None = spec(V.OCCUPATIONS.kind(), doc="职业类别（党内统计口径），zhidu stats 按此统计")
    phone: str | None = spec(TEXT, private=True, doc="手机号（隐私，不得出现在公示中）")
    id_number: str | None = spec(TEXT, private=True, doc="身份证号（隐私）")
    address: str | None = spec(TEXT, private=True, doc="住址（隐私）")
    group: tuple[GroupAssignment, ...] = spec([GroupAssignment], many_or_one=True, doc="所在党小组（可写一个编号，或带日期的列表）")
    roles: tuple[Role, ...] = spec([Role], doc="职务及任期")
    dues: DuesProfile | None = spec(DuesProfile, doc="党费缴纳类别与基数")
    history: tuple[Event, ...] = spec([Event], required=True, doc="按日期排列的事件")
    training: tuple[Training, ...] = spec([Training], doc="培训记录")
    mobile_from: str | None = spec(TEXT, doc="外来流动党员（流入党员）：正式组织关系所在的流出地党组织；"
                                              "填写即表示是流入党员，须编入党小组（MOB008）")
    note: str | None = spec(TEXT, doc="备注")


# --- meetings/<YYYY>/<date>-<slug>.yaml -------------------------------------------------------------

@dataclass(frozen=True, kw_only=True, slots=True)
class Absence(Record):
    SHORTHAND: ClassVar[str] = "member"

    member: str = spec(TEXT, required=True, ref="member", doc="缺席者")
    reason: str | None = spec(TEXT, doc="缺席原因（请假事由）")
    leave: bool = spec(BOOL, default=True, doc="是否已请假")


@dataclass(frozen=True, kw_only=True, slots=True)
class NonPartyAbsence(Record):
    SHORTHAND: ClassVar[str] = "name"

    name: str = spec(TEXT, required=True, doc="缺席的非党员（姓名，须在居委会名册）")
    reason: str | None = spec(TEXT, doc="缺席原因")


@dataclass(frozen=True, kw_only=True, slots=True)
class Headcount(Record):
    """Bodies whose participants are not on the rolls (hearings) are counted, not named."""

    expected: int = spec(INT, required=True, doc="应到人数")
    present: int = spec(INT, required=True, doc="实到人数")


@dataclass(frozen=True, kw_only=True, slots=True)
class Dated(Record):
    date: dt.date = spec(DATE, required=True, doc="日期")
    channel: str | None = spec(TEXT, doc="方式 / 渠道，如 党务公开栏、微信群")
    to: str | None = spec(TEXT, doc="报送 / 商定的对象")
    approved_by: str | None = spec(TEXT, ref="member", doc="公开内容的审签人（党务公开须经支部书记审签，NTC011）")
    note: str | None = spec(TEXT, doc="说明")


@dataclass(frozen=True, kw_only=True, slots=True)
class AgendaItem(Record):
    title: str = spec(TEXT, required=True, doc="议题")
    summary: str | None = spec(TEXT, doc="讨论情况摘要")
    decisions: tuple[str, ...] = spec([TEXT], ref="decision", doc="本议题形成的决定编号")


@dataclass(frozen=True, kw_only=True, slots=True)
class ReviewGrade(Record):
    member: str = spec(TEXT, required=True, ref="member", doc="被评议党员")
    grade: str = spec(V.GRADES.kind(), required=True, doc="评定等次")
    measure: str | None = spec(TEXT, doc="不合格党员的处置措施")
    decision: str | None = spec(TEXT, ref="decision", doc="处置决定编号")
    written: bool = spec(BOOL, default=False, doc="外出党员书面参加评议")
    self_assessment: bool = spec(BOOL, default=False, doc="本人写出自评材料（000 §八.4，EVL004）")


@dataclass(frozen=True, kw_only=True, slots=True)
class Meeting(Record):
    id: str = spec(TEXT, doc="会议编号，须与文件名一致（可省略）")
    types: tuple[str, ...] = spec([V.MEETING_TYPES.kind()], key="type", required=True, many_or_one=True,
                                  doc="会议类型；一次活动同时计入多项时写列表，如 [党小组会, 学习活动]")
    title: str | None = spec(TEXT, doc="会议名称")
    date: dt.date = spec(DATE, required=True, doc="日期")
    time: str | None = spec(TIME, doc="开始时间")
    end_time: str | None = spec(TIME, doc="结束时间")
    place: str | None = spec(TEXT, doc="地点")
    group: str | None = spec(TEXT, ref="group", doc="党小组会所属小组")
    chair: str | None = spec(TEXT, ref="member", doc="主持人")
    chair_outside: str | None = spec(TEXT, doc="主持人不是本支部党员时写姓名和职务，如 王明（街道分包领导）；与 chair 二选一")
    delegated_by: str | None = spec(TEXT, ref="member", doc="委托主持人（书记缺席时由其委托）")
    recorder: str | None = spec(TEXT, ref="member", doc="记录人")
    expected: tuple[str, ...] | None = spec([TEXT], ref="member", doc="应到人员；省略时按会议类型与日期推算")
    attendees: tuple[str, ...] = spec([TEXT], ref="member", doc="出席的党员（成员编号）")
    absent: tuple[Absence, ...] = spec([Absence], doc="缺席者及原因")
    guests: tuple[str, ...] = spec([TEXT], doc="列席人员（姓名，可非党员）")
    non_party_present: tuple[str, ...] = spec([TEXT], doc="出席的非党员委员（两委联席会议，姓名须在居委会名册）")
    non_party_absent: tuple[NonPartyAbsence, ...] = spec([NonPartyAbsence], doc="缺席的非党员委员及原因（两委联席会议）")
    headcount: Headcount | None = spec(Headcount, doc="不记名的应到 / 实到人数（听证会等）")
    notice: Dated | None = spec(Dated, doc="会前通知 / 公告的日期和方式")
    topic: str | None = spec(TEXT, doc="主题")
    topic_agreed: Dated | None = spec(Dated, doc="与上级党组织商定主题（民主生活会）")
    reported: Dated | None = spec(Dated, doc="会后向上级报送记录 / 评议结果的日期（听证会、评议会报街道党工委备案，NTC010）")
    result_published: Dated | None = spec(Dated, doc="结果公布的日期（听证会、评议会、议事会）")
    public_interest: bool = spec(BOOL, default=False, doc="议事会讨论涉及群众切身利益的事项（须提前公告）")
    agenda: tuple[AgendaItem, ...] = spec([AgendaItem], doc="议程及摘要")
    reviews: tuple[ReviewGrade, ...] = spec([ReviewGrade], doc="民主评议党员的评定结果")
    upper_representative: str | None = spec(TEXT, doc="上级党组织派来参加民主评议的人员（姓名、职务）（000 §八.1，EVL004）")
    note: str | None = spec(TEXT, doc="备注")

    def is_type(self, type_id: str) -> bool:
        return type_id in self.types


# --- decisions/<YYYY>/<id>.yaml ---------------------------------------------------------------------

@dataclass(frozen=True, kw_only=True, slots=True)
class Votes(Record):
    for_: int = spec(INT, key="for", required=True, doc="赞成票")
    against: int = spec(INT, default=0, doc="反对票")
    abstain: int = spec(INT, default=0, doc="弃权票")
    written_for: int = spec(INT, default=0, doc="会前书面表决的赞成票（计入赞成）")
    written_against: int = spec(INT, default=0, doc="会前书面表决的反对票")
    written_abstain: int = spec(INT, default=0, doc="会前书面表决的弃权票")

    @property
    def total_for(self) -> int:
        """For-votes cast at the meeting and handed in writing before it."""
        return self.for_ + self.written_for


@dataclass(frozen=True, kw_only=True, slots=True)
class Ballot(Record):
    """How one person voted, where it matters (cadre items, items with recusals)."""

    member: str = spec(TEXT, required=True, ref="member", doc="表决人（成员编号）")
    vote: str = spec(V.BALLOT_CHOICES.kind(), required=True, doc="赞成 / 反对 / 弃权")
    written: bool = spec(BOOL, default=False, doc="会前书面表决")


def tally_of(ballots: tuple[Ballot, ...], where: Location) -> Votes:
    """The tally a roll of ballots adds up to (used when a decision records ballots but no ``votes``)."""
    def count(choice: str, written: bool) -> int:
        return sum(1 for b in ballots if b.vote == choice and b.written == written)
    return Votes(for_=count("for", False), against=count("against", False), abstain=count("abstain", False),
                 written_for=count("for", True), written_against=count("against", True),
                 written_abstain=count("abstain", True), loc=where)


@dataclass(frozen=True, kw_only=True, slots=True)
class Candidate(Record):
    """One person in a cadre decision voted person by person (推荐、提名、任免、奖惩逐个表决)."""

    name: str = spec(TEXT, required=True, doc="人选姓名")
    member: str | None = spec(TEXT, ref="member", doc="若为本组织党员，填成员编号")
    votes: Votes | None = spec(Votes, doc="对该人选的表决结果；省略而写 ballots 时按记名表决清点")
    ballots: tuple[Ballot, ...] = spec([Ballot], doc="对该人选的记名表决（每人如何投票）")
    status: str = spec(V.DECISION_STATUSES.kind(), default="adopted", doc="对该人选的表决结论")

    def __post_init__(self) -> None:
        if self.votes is None and self.ballots:     # a roll of ballots is a tally, counted
            object.__setattr__(self, "votes", tally_of(self.ballots, self.where("ballots")))


@dataclass(frozen=True, kw_only=True, slots=True)
class Disclosure(Record):
    start: dt.date = spec(DATE, key="from", required=True, doc="公示开始")
    end: dt.date = spec(DATE, key="to", required=True, doc="公示结束")
    channel: str | None = spec(TEXT, doc="公示方式，如 党务公开栏")
    approved_by: str | None = spec(TEXT, ref="member", doc="公示内容的审签人（支部书记，NTC011）")
    objections: str | None = spec(TEXT, doc="公示期间收到的意见及处理")


@dataclass(frozen=True, kw_only=True, slots=True)
class Approval(Record):
    date: dt.date = spec(DATE, required=True, doc="批复日期")
    by: str = spec(TEXT, required=True, doc="审批机关")
    reference: str | None = spec(TEXT, doc="批复文号")


@dataclass(frozen=True, kw_only=True, slots=True)
class Execution(Record):
    date: dt.date = spec(DATE, required=True, doc="日期")
    note: str = spec(TEXT, required=True, doc="执行情况 / 问题处理")


@dataclass(frozen=True, kw_only=True, slots=True)
class Waiver(Record):
    start: YearMonth = spec(MONTH, key="from", required=True, doc="减免开始月份")
    end: YearMonth = spec(MONTH, key="to", required=True, doc="减免结束月份")
    amount: Decimal = spec(MONEY, default=Decimal("0"), doc="减免后每月应缴金额（免交为 0）")


@dataclass(frozen=True, kw_only=True, slots=True)
class Decision(Record):
    id: str = spec(TEXT, doc="决定编号，须与文件名一致（可省略）")
    meeting: str = spec(TEXT, required=True, ref="meeting", doc="作出决定的会议")
    title: str = spec(TEXT, required=True, doc="事项")
    kind: str = spec(V.DECISION_KINDS.kind(), default="general", doc="事项类别")
    subject: str | None = spec(TEXT, ref="member", doc="所涉党员（发展、转正、延长、处分、减免）")
    content: str | None = spec(TEXT, doc="决定内容")
    votes: Votes | None = spec(Votes, doc="表决结果；省略而写 ballots 时按记名表决清点")
    ballots: tuple[Ballot, ...] = spec([Ballot], doc="记名表决：每人如何投票（干部事项、有人回避的事项）；"
                                                     "据此可查出回避者或受留党察看者投了票（CND003、VOT009）；"
                                                     "逐个表决的人选写在 candidates 的 ballots")
    candidates: tuple[Candidate, ...] = spec([Candidate], doc="干部事项涉及的人选，逐个表决时各记票数")
    recused: tuple[str, ...] = spec([TEXT], ref="member", doc="回避表决的人员")
    concerned: tuple[str, ...] = spec([TEXT], ref="member", doc="与事项有利害关系（本人或亲属）的党员，应回避")
    disclosures: tuple[Disclosure, ...] = spec([Disclosure], doc="公示记录")
    approval: Approval | None = spec(Approval, doc="上级党组织审批")
    approval_extended: bool = spec(BOOL, default=False,
                                   doc="上级党委因特殊情况延长审批时限（发展党员：三个月延至最长六个月）")
    status: str = spec(V.DECISION_STATUSES.kind(), default="adopted", doc="结果")
    execution: tuple[Execution, ...] = spec([Execution], doc="执行情况")
    waiver: Waiver | None = spec(Waiver, doc="党费减免的期间与金额（dues-waiver）")
    outcome_disclosed: Dated | None = spec(Dated, doc="向相关人员反馈结果的日期")

    def __post_init__(self) -> None:
        if self.votes is None and self.ballots:     # a roll of ballots is a tally, counted
            object.__setattr__(self, "votes", tally_of(self.ballots, self.where("ballots")))

    def all_ballots(self):
        """(ballot, location) of the decision's roll and of each candidate's, in file order."""
        for index, ballot in enumerate(self.ballots):
            yield ballot, self.where("ballots", index)
        for candidate in self.candidates:
            for index, ballot in enumerate(candidate.ballots):
                yield ballot, candidate.where("ballots", index)


# --- dues/<YYYY-MM>.yaml ----------------------------------------------------------------------------

@dataclass(frozen=True, kw_only=True, slots=True)
class Payment(Record):
    member: str = spec(TEXT, required=True, ref="member", doc="缴费党员")
    amount: Decimal = spec(MONEY, required=True, doc="金额（元）")
    paid_on: dt.date = spec(DATE, required=True, doc="缴纳日期")
    months: tuple[YearMonth, ...] = spec([MONTH], many_or_one=True,
                                         doc="所缴月份；省略为账簿所属月份。补交、预交写明各月")
    paid_by: str | None = spec(TEXT, ref="member", doc="代缴人（成员编号）")
    elsewhere: bool = spec(BOOL, default=False, doc="在外地党组织缴纳（流动党员）")
    note: str | None = spec(TEXT, doc="备注")


@dataclass(frozen=True, kw_only=True, slots=True)
class Remittance(Record):
    date: dt.date = spec(DATE, required=True, doc="上缴日期")
    amount: Decimal = spec(MONEY, required=True, doc="上缴金额")
    to: str | None = spec(TEXT, doc="上缴对象")


@dataclass(frozen=True, kw_only=True, slots=True)
class Ledger(Record):
    month: YearMonth = spec(MONTH, required=True, doc="账簿所属月份，须与文件名一致")
    published: dt.date | None = spec(DATE, doc="本月收缴情况公布日期")
    payments: tuple[Payment, ...] = spec([Payment], doc="缴费记录")
    remittance: Remittance | None = spec(Remittance, doc="上缴上级党委")
    note: str | None = spec(TEXT, doc="备注")

    def covered_months(self, payment: Payment) -> tuple[YearMonth, ...]:
        return payment.months or (self.month,)


# --- calendar.yaml --------------------------------------------------------------------------------

@dataclass(frozen=True, kw_only=True, slots=True)
class CalendarYear(Record):
    year: int = spec(INT, required=True, doc="年份")
    holidays: tuple[dt.date, ...] = spec([DATE], doc="法定节假日中的工作日（放假）")
    workdays: tuple[dt.date, ...] = spec([DATE], doc="调休上班的周末")


@dataclass(frozen=True, kw_only=True, slots=True)
class CalendarFile(Record):
    years: tuple[CalendarYear, ...] = spec([CalendarYear], required=True, doc="各年份的放假与调休安排")

