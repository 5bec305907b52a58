"""The 党员花名册 (party member roster) as a sheet: who is on the rolls on a date, and their particulars.

Members on the rolls are the probationary and full members on the as-of date (the same
:meth:`Records.members_on` every rule uses), ordered by group, then by the date they joined,
then by name — the order a roster is usually kept in. Columns:

序号, 编号 (the member file's id, so an edited roster can be matched back), 姓名, 性别, 出生日期, 民族,
学历, 职业/工作单位, 职业类别 (the 党内统计 category ``zhidu stats`` counts), 入党时间 (the date of the
``admitted`` event — the general assembly that accepted the member — or, for a member transferred
in, the event's ``joined``; empty when the records do not say), 转正时间 (the ``full`` event — the end of probation — or a transfer's
``converted``), 身份 (正式党员 / 预备党员), 党小组, 职务 (on the date), 党费类别.

The private fields (手机号, 身份证号, 住址) are added only when asked (``include_private``); the
sheet is then named and headed as containing private data, in red, so nobody posts it by mistake.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from zhidu_cli.exchange.sheets import DATE, INT, TEXT, Column, Sheet, masked
from zhidu_cli.model import vocab as V
from zhidu_cli.model.records import Member
from zhidu_cli.model.status import Timeline

PRIVATE_WARNING = "本表含个人隐私信息（手机号、身份证号、住址），仅供党组织内部使用，不得公开张贴或外传"

ROSTER_COLUMNS = (
    Column("number", "序号", INT, 6),
    Column("id", "编号", TEXT, 16),
    Column("name", "姓名", TEXT, 10),
    Column("gender", "性别", TEXT, 6),
    Column("born", "出生日期", DATE, 12),
    Column("ethnicity", "民族", TEXT, 8),
    Column("education", "学历", TEXT, 12),
    Column("occupation", "职业/工作单位", TEXT, 28),
    Column("occupation_category", "职业类别", TEXT, 14),
    Column("admitted", "入党时间", DATE, 12),
    Column("full", "转正时间", DATE, 12),
    Column("status", "身份", TEXT, 10),
    Column("group", "党小组", TEXT, 24),
    Column("roles", "职务", TEXT, 16),
    Column("dues_category", "党费类别", TEXT, 10),
)
PRIVATE_COLUMNS = (
    Column("phone", "手机号", TEXT, 14, private=True),
    Column("id_number", "身份证号", TEXT, 20, private=True),
    Column("address", "住址", TEXT, 36, private=True),
)


def _group_names(records) -> dict[str, str]:
    return {group.id: group.name for group in records.branch.groups} if records.branch else {}


def _event_date(timeline: Timeline, kind: str, as_of: dt.date) -> dt.date | None:
    event = timeline.last(kind, before=as_of)
    return event.date if event is not None else None


def _transferred_in(timeline: Timeline, field: str, as_of: dt.date) -> dt.date | None:
    """``joined`` or ``converted`` of the last ``transferred-in`` event: the dates the member was
    admitted and became a full member in the organisation they came from."""
    event = timeline.last("transferred-in", before=as_of)
    return getattr(event, field) if event is not None else None


def roster_row(member: Member, timeline: Timeline, as_of: dt.date, groups: dict[str, str],
               include_private: bool) -> dict[str, Any]:
    """One member's particulars as of ``as_of`` (plain values keyed like the columns)."""
    group = timeline.group(as_of)
    roles = sorted(timeline.roles(as_of), key=V.ROLES.ids().index)
    row: dict[str, Any] = {
        "id": member.id,
        "name": member.name,
        "gender": V.GENDERS.zh(member.gender) if member.gender else None,
        "born": member.born,
        "ethnicity": member.ethnicity,
        "education": member.education,
        "occupation": member.occupation,
        "occupation_category": V.OCCUPATIONS.zh(member.occupation_category) if member.occupation_category else None,
        "admitted": _event_date(timeline, "admitted", as_of) or _transferred_in(timeline, "joined", as_of),
        "full": _event_date(timeline, "full", as_of) or _transferred_in(timeline, "converted", as_of),
        "status": timeline.status(as_of).zh,
        "group": groups.get(group, group) if group else None,
        "roles": "、".join(V.ROLES.zh(role) for role in roles) or None,
        "dues_category": V.DUES_CATEGORIES.zh(member.dues.category) if member.dues else None,
    }
    if include_private:
        row.update(phone=member.phone, id_number=member.id_number, address=member.address)
    return row


def roster_rows(records, as_of: dt.date, *, include_private: bool = False) -> list[dict[str, Any]]:
    """Every member on the rolls on ``as_of``, numbered, in group / joining / name order."""
    groups = _group_names(records)
    order = {group_id: index for index, group_id in enumerate(groups)}
    rows = []
    for member_id in records.members_on(as_of):
        timeline = records.timelines[member_id]
        rows.append(roster_row(records.members[member_id], timeline, as_of, groups, include_private))
    joined = {row["id"]: row["admitted"] or row["full"] or dt.date.max for row in rows}
    rows.sort(key=lambda row: (order.get(records.timelines[row["id"]].group(as_of), len(order)),
                               joined[row["id"]], row["name"], row["id"]))
    for number, row in enumerate(rows, 1):
        row["number"] = number
    return rows


def roster_sheet(records, as_of: dt.date, *, include_private: bool = False) -> Sheet:
    """The roster as a :class:`Sheet` for :func:`workbook_bytes` / :func:`csv_bytes`."""
    columns = ROSTER_COLUMNS + (PRIVATE_COLUMNS if include_private else ())
    rows = roster_rows(records, as_of, include_private=include_private)
    branch = records.branch.name if records.branch else ""
    title = f"{branch}党员花名册（截至{as_of.year}年{as_of.month}月{as_of.day}日）"
    sheet = Sheet(
        name="党员花名册（含隐私信息）" if include_private else "党员花名册",
        title=title + ("（含隐私信息）" if include_private else ""),
        columns=columns,
        rows=tuple(tuple(row.get(column.key) for column in columns) for row in rows),
        notes=(PRIVATE_WARNING,) if include_private else (),
    )
    return sheet if include_private else masked(sheet, records)


__all__ = ["PRIVATE_COLUMNS", "PRIVATE_WARNING", "ROSTER_COLUMNS", "roster_rows", "roster_sheet"]
