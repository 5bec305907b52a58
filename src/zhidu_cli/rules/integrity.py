"""REF: the records hold together — ids match file names, ids are unique, every reference resolves,
a history is in date order, and nothing is dated after the as-of date.

REF001 and REF002 are found while building the model (:mod:`zhidu_cli.model.repository`); the others
walk every record through the same field specs that drive the schema, so a new referencing field is
checked as soon as it is declared with ``ref=``.
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
from typing import Any, Callable, Iterator

from zhidu_cli.diagnostics.finding import Severity
from zhidu_cli.model.fields import DATE, record_fields
from zhidu_cli.model.records import Record
from zhidu_cli.records.nodes import Mapping as MappingNode
from zhidu_cli.records.nodes import Scalar, Sequence
from zhidu_cli.rules.engine import Context, Example, Message, Rule

FORMAT = "zhidu 记录格式（docs/records.md）"

from zhidu_cli.model.asof import FUTURE_OK as _FUTURE_OK   # dates that may lie in the future: a plan, not a fact


def _is_reference(cls: type, name: str, spec: Any) -> bool:
    return bool(spec.ref)


def _is_fact_date(cls: type, name: str, spec: Any) -> bool:
    return spec.kind is DATE and (cls.__name__, name) not in _FUTURE_OK


@functools.cache
def _plan(cls: type, wanted: Callable[[type, str, Any], bool]) -> tuple[tuple[str, Any, bool, bool], ...]:
    """Per class and check: (field name, spec, wanted, holds nested records that have wanted fields).

    Fields neither wanted nor leading to wanted ones are left out, so a walk never visits them: at
    street-office scale most fields (a payment's amount, an attendee list) are irrelevant to a check.
    """
    out = []
    for field, spec in record_fields(cls):
        inner = spec.kind[0] if isinstance(spec.kind, list) else spec.kind
        nested = isinstance(inner, type) and bool(_plan(inner, wanted))
        chosen = wanted(cls, field.name, spec)
        if chosen or nested:
            out.append((field.name, spec, chosen, nested))
    return tuple(out)


def walk(record: Record, wanted: Callable[[type, str, Any], bool]) -> Iterator[tuple[Record, str, Any, Any]]:
    """Every (record, field name, spec, value) with a ``wanted`` field, in ``record`` and the records
    nested in it, in field order, depth first; empty values are skipped."""
    for name, spec, chosen, nested in _plan(type(record), wanted):
        value = getattr(record, name)
        if value is None or value == ():
            continue
        if chosen:
            yield record, name, spec, value
        if nested:
            children = value if isinstance(value, tuple) else (value,)
            leaf = _leaf_plan(type(children[0]), wanted)
            if leaf is None:
                for child in children:
                    yield from walk(child, wanted)
                continue
            for child in children:              # a ledger's payments: no generator per payment
                for child_name, child_spec in leaf:
                    child_value = getattr(child, child_name)
                    if child_value is not None and child_value != ():
                        yield child, child_name, child_spec, child_value


@functools.cache
def _leaf_plan(cls: type, wanted: Callable[[type, str, Any], bool]) -> tuple[tuple[str, Any], ...] | None:
    """The wanted fields of a class that nests nothing wanted (walked inline, see :func:`walk`), else None."""
    plan = _plan(cls, wanted)
    return None if any(nested for *_, nested in plan) else tuple((name, spec) for name, spec, _, _ in plan)


def all_records(records) -> Iterator[Record]:
    if records.branch:
        yield records.branch
    yield from records.members.values()
    yield from records.meetings
    yield from records.decisions.values()
    yield from records.ledgers.values()


def _written_group_ids(config) -> set[str]:
    """Group ids as written in zhidu.yaml, even in entries the schema refused: one mistake, one finding."""
    groups = config.get("groups")
    items = groups.items if isinstance(groups, Sequence) else ()
    return {item.get("id").value for item in items
            if isinstance(item, MappingNode) and isinstance(item.get("id"), Scalar)}


def _known(records) -> dict[str, set[str] | frozenset[str] | None]:
    """Ids a reference may name, per kind; ``None`` when unknowable (zhidu.yaml did not parse)."""
    broken, later = records.broken_ids, records.later_ids
    return {
        "member": set(records.members) | broken.get("member", frozenset()),
        "meeting": set(records.meetings_by_id) | broken.get("meeting", frozenset()) | later.get("meeting", frozenset()),
        "decision": set(records.decisions) | broken.get("decision", frozenset()) | later.get("decision", frozenset()),
        "group": None if records.config is None else set(records.group_ids) | _written_group_ids(records.config),
    }


def check_references(ctx: Context):
    """REF003, once per mistake: a misspelt id is reported where it is written; but when one unknown id
    is referenced from several places and the id it most resembles is defined and referenced nowhere,
    the mistake is the definition (a group or a member file renamed): one finding there, not one per
    correct reference."""
    known = _known(ctx.records)
    unknown: dict[tuple[str, str], list[tuple[Record, str, Any, int | None]]] = {}
    used: dict[str, set[str]] = {kind: set() for kind in known}
    for top in all_records(ctx.records):
        for record, name, spec, value in walk(top, _is_reference):
            pool = known[spec.ref]
            if pool is None:
                continue
            if not isinstance(value, tuple):
                used[spec.ref].add(value)
                if value not in pool:
                    unknown.setdefault((spec.ref, value), []).append((record, name, spec, None))
                continue
            used[spec.ref].update(value)
            if pool.issuperset(value):          # the common case, decided without a Python loop
                continue
            for index, target in enumerate(value):
                if target not in pool:
                    unknown.setdefault((spec.ref, target), []).append((record, name, spec, index))
    yield from _unknown_non_party(ctx)
    renamed = _renamed_definitions(ctx.records, unknown, used)
    suggest = _Suggestions(ctx.records, known)
    for (kind, target), places in unknown.items():
        if (kind, target) in renamed:
            defined, where = renamed[(kind, target)]
            yield ctx.problem(where, "renamed", target=target, defined=defined, count=len(places),
                              kind_en=kind, kind_zh=_KIND_ZH.get(kind, ""),
                              related=tuple(r.where(n, i) for r, n, _, i in places[:5]))
            continue
        for record, name, spec, index in places:
            variant, extra = suggest(spec.ref, target)
            yield ctx.problem(record.where(name, index), variant, field=spec.key or name, target=target, **extra)


def roster_names(records) -> frozenset[str]:
    """The names on the residents' committee roster in zhidu.yaml (the non-party members of joint meetings)."""
    branch = records.branch
    return frozenset(entry.name for entry in branch.residents_committee) if branch is not None else frozenset()


def _unknown_non_party(ctx: Context):
    """``non_party_present`` names people by name: one not on the residents' committee roster is a typo
    or a missing roster entry — reported once, and the meeting's quorum is not judged on a guess."""
    if ctx.records.config is None:
        return
    names = roster_names(ctx.records)
    for meeting in ctx.records.meetings:
        for index, name in enumerate(meeting.non_party_present):
            if name not in names:
                close = difflib.get_close_matches(name, sorted(names), n=1, cutoff=0.5)
                yield ctx.problem(meeting.where("non_party_present", index), "roster" if close else "roster-none",
                                  field="non_party_present", target=name, suggestion=close[0] if close else "")


def _renamed_definitions(records, unknown, used) -> dict[tuple[str, str], tuple[str, Any]]:
    """(kind, unknown id) → (the defined id it most resembles, where that one is defined), for unknown ids
    referenced at least twice whose look-alike is defined but referenced nowhere."""
    defined = {"group": {g.id: g.where("id") for g in records.branch.groups} if records.branch else {},
               "member": {m.id: m.loc for m in records.members.values()},
               "meeting": {m.id: m.loc for m in records.meetings},
               "decision": {d.id: d.loc for d in records.decisions.values()}}
    found = {}
    for (kind, target), places in unknown.items():
        if len(places) < 2 or kind not in defined:
            continue
        idle = [d for d in defined[kind] if d not in used.get(kind, ())]
        close = difflib.get_close_matches(target, idle, n=1, cutoff=0.75)
        if close:
            found[(kind, target)] = (close[0], defined[kind][close[0]])
    return found


_KIND_ZH = {"member": "成员", "meeting": "会议", "decision": "决定", "group": "党小组"}


class _Suggestions:
    """The REF003 message that helps most: a secretary writes a name where an id belongs, joins a
    list with a full-width comma (，、), or mistypes an id by a letter.

    Members by name and the sorted known ids are made once per run, when first needed: a scan of every
    member per unknown reference would grow with members × typos."""

    def __init__(self, records, known) -> None:
        self._records = records
        self._known = known
        self._by_name: dict[str, list[str]] | None = None
        self._sorted: dict[str, list[str]] = {}

    def __call__(self, kind: str, target: str) -> tuple[str, dict[str, Any]]:
        if kind == "member":
            if self._by_name is None:
                self._by_name = {}
                for member in self._records.members.values():
                    self._by_name.setdefault(member.name, []).append(member.id)
            named = sorted(self._by_name.get(target, ()))
            if named:
                return "member-name", {"suggestion": named}
        if any(mark in target for mark in "，、；"):
            return "separator", {}
        if kind not in self._sorted:
            self._sorted[kind] = sorted(self._known[kind])
        close = difflib.get_close_matches(target, self._sorted[kind], n=1, cutoff=0.75)
        if close:
            return "suggest", {"suggestion": close[0], "kind_en": kind, "kind_zh": _KIND_ZH.get(kind, "")}
        return kind, {}


def check_history_order(ctx: Context):
    for member in ctx.records.members.values():
        previous = None
        for event in member.history:
            if previous is not None and event.date < previous.date:
                yield ctx.problem(event.where("date"), event=event.event, date=event.date,
                                  previous=previous.event, previous_date=previous.date, related=(previous.where("date"),))
            previous = event


def check_present_and_absent(ctx: Context):
    """REF006: a member in both ``attendees`` and ``absent`` of one meeting — the minutes would show them
    present; which list is right only the secretary knows, so the meeting's attendance is not judged."""
    for meeting in ctx.records.meetings:
        if meeting.date > ctx.as_of:
            continue
        present = {member: i for i, member in enumerate(meeting.attendees)}
        for index, absence in enumerate(meeting.absent):
            if absence.member in present:
                member = ctx.records.members.get(absence.member)
                yield ctx.problem(meeting.where("absent", index), member=absence.member,
                                  name=member.name if member else absence.member, date=meeting.date,
                                  related=(meeting.where("attendees", present[absence.member]),))


def check_future(ctx: Context):
    for top in all_records(ctx.records):
        for record, name, spec, value in walk(top, _is_fact_date):
            if isinstance(value, dt.date) and value > ctx.as_of:
                yield ctx.problem(record.where(name), field=spec.key or name, date=value, as_of=ctx.as_of)


RULES = (
    Rule("REF001", "id-matches-file", "REF", "编号与文件名一致", "id equals the file name", FORMAT, Severity.ERROR, {
        "": Message("编号 {id} 与文件名 {stem} 不一致", "id {id} differs from the file name {stem}",
                    "改文件名或改 id，二者须相同", "rename the file or change the id so they match"),
        "date": Message("文件名 {id} 的日期与会议日期 {stem} 不一致", "file name {id} does not start with the meeting date {stem}",
                        "会议文件命名为 YYYY-MM-DD-简称.yaml", "name meeting files YYYY-MM-DD-slug.yaml"),
        "folder": Message("会议放在 {id} 年的目录中，但会议日期在 {stem} 年", "the meeting is filed under {id}/ but is dated {stem}",
                          "移到 meetings/{stem}/ 目录", "move it to meetings/{stem}/")},
         examples=(Example("type: 支委会\ndate: 2025-03-15\nattendees: [m01, m02, m03]",
                           "type: 支委会\ndate: 2025-03-16  # 文件名写的是 3 月 15 日\nattendees: [m01, m02, m03]",
                           path="meetings/2025/2025-03-15-committee.yaml"),)),
    Rule("REF002", "unique-id", "REF", "编号唯一", "ids are unique", FORMAT, Severity.ERROR, {
        "": Message("编号 {id} 重复", "duplicate id {id}", "另一处见相关位置", "see the related location for the other one")},
         examples=(Example("meeting: 2025-03-15-committee\ntitle: 确定陈晨为入党积极分子",
                           "meeting: 2025-03-15-committee\ntitle: 确定陈晨为入党积极分子",
                           path="decisions/2025/act-02.yaml", failing_path="decisions/2024/act-01.yaml",
                           context=(("decisions/2025/act-01.yaml", "meeting: 2025-03-15-committee\ntitle: 确定赵敏为入党积极分子"),),
                           note="另一年份目录中已有 act-01：编号在全部决定中唯一 / act-01 exists under another year",
                           ),)),
    Rule("REF003", "reference-resolves", "REF", "引用的成员、会议、决定、党小组必须存在",
         "every reference resolves", FORMAT, Severity.ERROR, {
             "": Message("{field} 引用的 {target} 不存在", "{field} refers to unknown {target}"),
             "member": Message("{field} 引用的成员 {target} 不存在", "{field} refers to unknown member {target}",
                               "成员编号即 members/ 下的文件名", "a member id is a file name under members/"),
             "meeting": Message("{field} 引用的会议 {target} 不存在", "{field} refers to unknown meeting {target}",
                                "会议编号即 meetings/ 下的文件名", "a meeting id is a file name under meetings/"),
             "decision": Message("{field} 引用的决定 {target} 不存在", "{field} refers to unknown decision {target}",
                                 "决定编号即 decisions/ 下的文件名", "a decision id is a file name under decisions/"),
             "group": Message("{field} 引用的党小组 {target} 不存在", "{field} refers to unknown group {target}",
                              "党小组在 zhidu.yaml 的 groups 中定义", "groups are defined under groups: in zhidu.yaml"),
             "member-name": Message("{field} 应写成员编号，不是姓名：“{target}” 是 {suggestion} 的姓名",
                                    "{field} takes member ids, not names: “{target}” is the name of {suggestion}",
                                    "改为 {suggestion}", "write {suggestion}"),
             "separator": Message("{field} 中的 “{target}” 用了全角逗号或顿号分隔", "{field}: “{target}” is "
                                  "separated by a full-width comma", "列表项之间用半角逗号 , 分隔，如 [li-hua, wang-wu]",
                                  "separate list items with an ASCII comma, e.g. [li-hua, wang-wu]"),
             "renamed": Message("{kind_zh}编号 {defined} 无人引用，而 {count} 处引用了不存在的 {target}：编号是否写错？",
                                "{kind_en} id {defined} is referenced nowhere, while {count} places refer to the "
                                "unknown {target}: is the id misspelt?",
                                "把 {defined} 改为 {target}（或把各处引用改为 {defined}）；相关位置列出前几处引用",
                                "rename {defined} to {target} (or change the references); the related locations "
                                "show the first of them"),
             "roster": Message("{field} 中的 {target} 不在 zhidu.yaml 的居委会名册（residents_committee）中，是否应为 "
                               "{suggestion}？", "{field}: {target} is not on the residents' committee roster in "
                               "zhidu.yaml; did you mean {suggestion}?",
                               "改正姓名，或在 residents_committee 中补记此人（本次会议的到会人数改正前不作检查）",
                               "correct the name or add them to residents_committee (the meeting's quorum is not "
                               "judged until then)"),
             "roster-none": Message("{field} 中的 {target} 不在 zhidu.yaml 的居委会名册（residents_committee）中",
                                    "{field}: {target} is not on the residents' committee roster in zhidu.yaml",
                                    "在 residents_committee 中补记此人（本次会议的到会人数改正前不作检查）",
                                    "add them to residents_committee (the meeting's quorum is not judged until then)"),
             "suggest": Message("{field} 引用的{kind_zh} {target} 不存在，是否应为 {suggestion}？",
                                "{field} refers to unknown {kind_en} {target}; did you mean {suggestion}?",
                                "编号即对应目录下的文件名（党小组见 zhidu.yaml）",
                                "an id is a file name (groups: see zhidu.yaml)")},
         check=check_references,
         examples=(Example("type: 支委会\ndate: 2025-03-15\nattendees: [m01, m02, m03]",
                           "type: 支委会\ndate: 2025-03-15\nattendees: [m01, m02, m30]  # 没有 members/m30.yaml",
                           path="meetings/2025/2025-03-15-committee.yaml"),)),
    Rule("REF004", "history-in-order", "REF", "成员事件按日期顺序记录", "a member's history is in date order", FORMAT,
         Severity.ERROR, {
             "": Message("事件 {event}（{date}）早于前一事件 {previous}（{previous_date}）",
                         "event {event} ({date}) is dated before the previous one, {previous} ({previous_date})",
                         "按发生先后排列 history", "list history events oldest first")},
         check=check_history_order,
         examples=(Example("name: 陈晨\nhistory:\n  - {date: 2024-01-10, event: applied}\n  - {date: 2024-02-01, event: talked, by: m01}",
                           "name: 陈晨\nhistory:\n  - {date: 2024-02-01, event: talked, by: m01}\n  - {date: 2024-01-10, event: applied}",
                           path="members/chen-chen.yaml"),)),
    Rule("REF005", "no-future-facts", "REF", "记录的事实不得晚于检查日期", "no fact is dated after the as-of date", FORMAT,
         Severity.ERROR, {
             "": Message("{field} 的日期 {date} 晚于检查日期 {as_of}", "{field} is dated {date}, after the as-of date {as_of}",
                         "是否写错年份？计划中的会议请勿提前建档", "a typo in the year? do not file a planned meeting early")},
         check=check_future,
         examples=(Example("type: 支委会\ndate: 2025-03-15\nattendees: [m01, m02, m03]",
                           "type: 支委会\ndate: 2026-03-15  # 检查日期 2025-12-31 之后\nattendees: [m01, m02, m03]",
                           path="meetings/2025/2025-03-15-committee.yaml"),)),
    Rule("REF006", "present-and-absent", "REF", "同一次会议中，一名党员不能既出席又缺席",
         "no member is both present and absent at one meeting", FORMAT, Severity.ERROR, {
             "": Message("{name}（{member}）在 {date} 的会议中既列在 attendees 又列在 absent",
                         "{name} ({member}) is listed both in attendees and in absent at the meeting of {date}",
                         "核对签到：出席的从 absent 删除，缺席的从 attendees 删除（本次会议的到会情况在改正前不作检查）",
                         "check the sign-in sheet and remove them from one list (the meeting's attendance is not "
                         "judged until then)")},
         check=check_present_and_absent,
         examples=(Example("type: 支委会\ndate: 2025-03-15\nattendees: [m01, m02, m03, m04]\nabsent:\n  - {member: m05, reason: 住院}",
                           "type: 支委会\ndate: 2025-03-15\nattendees: [m01, m02, m03, m04]\nabsent:\n"
                           "  - {member: m04, reason: 出差}   # 既出席又缺席",
                           path="meetings/2025/2025-03-15-committee.yaml"),)),
)
