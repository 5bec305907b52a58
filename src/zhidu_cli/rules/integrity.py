"""REF: the records hold together — ids match file names, ids are unique, every reference resolves,
a history is in date order, and nothing is dated after the as-of date.

REF001 and REF002 are found while building the model (:mod:`zhidu_cli.model.repository`); the others
walk every record through the same field specs that drive the schema, so a new referencing field is
checked as soon as it is declared with ``ref=``.
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any, Iterator

from zhidu_cli.diagnostics.finding import Severity
from zhidu_cli.model.fields import DATE, record_fields
from zhidu_cli.model.records import Record
from zhidu_cli.records.nodes import Mapping as MappingNode
from zhidu_cli.records.nodes import Scalar, Sequence
from zhidu_cli.rules.engine import Context, Example, Message, Rule

FORMAT = "zhidu 记录格式（docs/records.md）"

# dates that may lie in the future: a plan, not a fact
_FUTURE_OK = {("Event", "until"), ("Disclosure", "end"), ("Role", "end"), ("GroupAssignment", "end"),
              ("RosterEntry", "end"), ("Group", "end")}


@functools.cache
def _walkable(cls: type) -> tuple[tuple[str, str, Any, bool], ...]:
    """Per class: (field name, yaml key, spec, holds nested records)."""
    out = []
    for field, spec in record_fields(cls):
        inner = spec.kind[0] if isinstance(spec.kind, list) else spec.kind
        out.append((field.name, spec.key or field.name, spec, isinstance(inner, type)))
    return tuple(out)


def walk(record: Record) -> Iterator[tuple[Record, str, Any, Any]]:
    """Every (record, field name, spec, value) in ``record`` and the records nested in it."""
    for name, _key, spec, nested in _walkable(type(record)):
        value = getattr(record, name)
        if value is None or value == ():
            continue
        yield record, name, spec, value
        if nested:
            for child in (value if isinstance(value, tuple) else (value,)):
                yield from walk(child)


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
    broken = records.broken_ids
    return {
        "member": set(records.members) | broken.get("member", frozenset()),
        "meeting": set(records.meetings_by_id) | broken.get("meeting", frozenset()),
        "decision": set(records.decisions) | broken.get("decision", frozenset()),
        "group": None if records.config is None else set(records.group_ids) | _written_group_ids(records.config),
    }


def check_references(ctx: Context):
    known = _known(ctx.records)
    for top in all_records(ctx.records):
        for record, name, spec, value in walk(top):
            if not spec.ref or known[spec.ref] is None:
                continue
            many = isinstance(value, tuple)
            for index, target in enumerate(value if many else (value,)):
                if target not in known[spec.ref]:
                    yield ctx.problem(record.where(name, index if many else None), spec.ref,
                                      field=spec.key or name, target=target)


def check_history_order(ctx: Context):
    for member in ctx.records.members.values():
        previous = None
        for event in member.history:
            if previous is not None and event.date < previous.date:
                yield ctx.problem(event.where("date"), event=event.event, date=event.date,
                                  previous=previous.event, previous_date=previous.date, related=(previous.where("date"),))
            previous = event


def check_future(ctx: Context):
    for top in all_records(ctx.records):
        for record, name, spec, value in walk(top):
            if spec.kind is not DATE or (type(record).__name__, name) in _FUTURE_OK:
                continue
            if isinstance(value, dt.date) and value > ctx.as_of:
                yield ctx.problem(record.where(name), field=spec.key or name, date=value, as_of=ctx.as_of)


RULES = (
    Rule("REF001", "id-matches-file", "REF", "编号与文件名一致", "id equals the file name", FORMAT, Severity.ERROR, {
        "": Message("编号 {id} 与文件名 {stem} 不一致", "id {id} differs from the file name {stem}",
                    "改文件名或改 id，二者须相同", "rename the file or change the id so they match"),
        "date": Message("文件名 {id} 的日期与会议日期 {stem} 不一致", "file name {id} does not start with the meeting date {stem}",
                        "会议文件命名为 YYYY-MM-DD-简称.yaml", "name meeting files YYYY-MM-DD-slug.yaml")}),
    Rule("REF002", "unique-id", "REF", "编号唯一", "ids are unique", FORMAT, Severity.ERROR, {
        "": Message("编号 {id} 重复", "duplicate id {id}", "另一处见相关位置", "see the related location for the other one")}),
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
                              "党小组在 zhidu.yaml 的 groups 中定义", "groups are defined under groups: in zhidu.yaml")},
         check=check_references,
         examples=(Example("attendees: [wang-wu]  # members/wang-wu.yaml exists", "attendees: [wang-wuu]  # no such file"),)),
    Rule("REF004", "history-in-order", "REF", "成员事件按日期顺序记录", "a member's history is in date order", FORMAT,
         Severity.ERROR, {
             "": Message("事件 {event}（{date}）早于前一事件 {previous}（{previous_date}）",
                         "event {event} ({date}) is dated before the previous one, {previous} ({previous_date})",
                         "按发生先后排列 history", "list history events oldest first")},
         check=check_history_order,
         examples=(Example("history:\n  - {date: 2020-01-01, event: applied}\n  - {date: 2020-02-01, event: talked}",
                           "history:\n  - {date: 2020-02-01, event: talked}\n  - {date: 2020-01-01, event: applied}"),)),
    Rule("REF005", "no-future-facts", "REF", "记录的事实不得晚于检查日期", "no fact is dated after the as-of date", FORMAT,
         Severity.ERROR, {
             "": Message("{field} 的日期 {date} 晚于检查日期 {as_of}", "{field} is dated {date}, after the as-of date {as_of}",
                         "是否写错年份？计划中的会议请勿提前建档", "a typo in the year? do not file a planned meeting early")},
         check=check_future,
         examples=(Example("date: 2025-03-15  # as of 2025-12-31", "date: 2026-03-15  # as of 2025-12-31"),)),
)
