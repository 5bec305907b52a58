"""The whole branch as one frozen value: every record, indexed for the questions rules ask.

``build_records`` turns loaded files into :class:`Records`; duplicates and broken files are reported,
never raised. Indexes (members by group, meetings by type) are computed once, lazily, so that no rule
has to scan all records per record (street-office scale means 10,000 members).
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime as dt
import functools
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Iterable, Iterator, Mapping

from zhidu_cli.diagnostics.finding import Problem, Severity
from zhidu_cli.cache import Corrupt
from zhidu_cli.model import stored
from zhidu_cli.model.build import RecordBuilder, build
from zhidu_cli.model.records import (Branch, CalendarFile, Decision, Ledger, Meeting, Member)
from zhidu_cli.model.status import Timeline
from zhidu_cli.records.nodes import Mapping as MappingNode
from zhidu_cli.records.repository import LoadedFile
from zhidu_cli.schedule.months import YearMonth

# zhidu.yaml keys that configure zhidu rather than describe the branch (read by rules.config)
CONFIG_KEYS = frozenset({"extends", "locale", "rules", "select", "ignore", "dues", "optional_bodies",
                         "branches"})     # a street workspace's branches (zhidu_cli.street.layout)

_CLASSES = {"member": Member, "meeting": Meeting, "decision": Decision, "ledger": Ledger,
            "calendar": CalendarFile}
_IDS = frozenset({"member", "meeting", "decision"})     # kinds whose file name is their id


@dataclass(frozen=True)
class Records:
    root: str
    branch: Branch | None
    config: MappingNode | None                  # zhidu.yaml's node, for rules.config
    members: Mapping[str, Member]
    meetings: tuple[Meeting, ...]               # sorted by date, then id
    decisions: Mapping[str, Decision]
    ledgers: Mapping[YearMonth, Ledger]
    calendar: CalendarFile | None
    files: tuple[LoadedFile, ...] = field(repr=False, default=())   # nodes kept only for zhidu.yaml and unbuilt files
    broken_ids: Mapping[str, frozenset[str]] = field(default_factory=dict)  # kind → ids of unusable files
    later_ids: Mapping[str, frozenset[str]] = field(default_factory=dict)   # kind → ids dated after an explicit
                                                                            # as-of date (model.asof): not yet written

    # --- lookups ------------------------------------------------------------------------------
    @functools.cached_property
    def memo(self) -> dict:
        """Answers derived from these records, each computed once and kept under its asker's key.

        The records never change, so any pure function of them (a roster on a day, a meeting's
        attendance) may keep its result here: at street-office scale several rules and the schedule
        ask the same questions of thousands of meetings.
        """
        return {}

    @functools.cached_property
    def meetings_by_id(self) -> dict[str, Meeting]:
        return {m.id: m for m in self.meetings}

    @functools.cached_property
    def meetings_by_type(self) -> dict[str, tuple[Meeting, ...]]:
        index: dict[str, list[Meeting]] = defaultdict(list)
        for meeting in self.meetings:
            for type_id in meeting.types:
                index[type_id].append(meeting)
        return {k: tuple(v) for k, v in index.items()}

    def meetings_of(self, type_id: str) -> tuple[Meeting, ...]:
        return self.meetings_by_type.get(type_id, ())

    @functools.cached_property
    def decisions_by_meeting(self) -> dict[str, tuple[Decision, ...]]:
        index: dict[str, list[Decision]] = defaultdict(list)
        for decision in self.decisions.values():
            index[decision.meeting].append(decision)
        return {k: tuple(v) for k, v in index.items()}

    @functools.cached_property
    def decisions_by_subject(self) -> dict[str, tuple[Decision, ...]]:
        index: dict[str, list[Decision]] = defaultdict(list)
        for decision in self.decisions.values():
            if decision.subject:
                index[decision.subject].append(decision)
        return {k: tuple(v) for k, v in index.items()}

    @functools.cached_property
    def timelines(self) -> dict[str, Timeline]:
        moves: dict[str, list[tuple[dt.date, str, str]]] = defaultdict(list)
        for regrouping in self.branch.regroupings if self.branch else ():
            for member_id in regrouping.members or self._members_ever_in_group.get(regrouping.source, ()):
                moves[member_id].append((regrouping.date, regrouping.source, regrouping.target))
        return {member_id: Timeline(member, self.decided_on, tuple(moves.get(member_id, ())))
                for member_id, member in self.members.items()}

    @functools.cached_property
    def ever_away(self) -> frozenset[str]:
        """Members with an ``away`` event: only they can be away on any day (:meth:`Timeline.away`), so a
        roster of thousands asks the few (:func:`zhidu_cli.rules.counting.expected_at`)."""
        return frozenset(member_id for member_id, member in self.members.items()
                         if any(event.event == "away" for event in member.history))

    def decided_on(self, event) -> dt.date | None:
        """The date of the meeting that decided a history event (its meeting, else its decision's)."""
        meeting = self.meetings_by_id.get(event.meeting) if event.meeting else None
        if meeting is None and event.decision:
            decision = self.decisions.get(event.decision)
            meeting = self.meetings_by_id.get(decision.meeting) if decision is not None else None
        return meeting.date if meeting is not None else None

    def timeline(self, member_id: str) -> Timeline | None:
        return self.timelines.get(member_id)

    @functools.cached_property
    def group_ids(self) -> tuple[str, ...]:
        return tuple(g.id for g in self.branch.groups) if self.branch else ()

    @functools.cached_property
    def _members_ever_in_group(self) -> dict[str, tuple[str, ...]]:
        index: dict[str, list[str]] = defaultdict(list)
        moved = defaultdict(set)      # regroupings: a member may land in a group no file of theirs names
        for regrouping in self.branch.regroupings if self.branch else ():
            moved[regrouping.source].add(regrouping.target)
        for member in self.members.values():
            groups = {a.group for a in member.group}
            for _ in range(len(moved)):     # follow chains of regroupings (g1 → g3 → g4)
                groups |= {t for g in list(groups) for t in moved.get(g, ())}
            for group_id in groups:
                index[group_id].append(member.id)
        return {k: tuple(v) for k, v in index.items()}

    @functools.cached_property
    def _roll_changes(self) -> list[dt.date]:
        """Every day on which some member's party status or group may change (:meth:`Timeline.roll_changes`)."""
        days: set[dt.date] = set()
        for timeline in self.timelines.values():
            days.update(timeline.roll_changes())
        return sorted(days)

    def members_on(self, day: dt.date, *, group: str | None = None) -> list[str]:
        """Ids of party members (probationary or full) on the rolls on ``day``, optionally of one group."""
        # Asked again and again (every roster, every period), and the same on every day between two days
        # on which someone's status or group changes: kept once per such stretch, not once per day asked
        # (one tuple per meeting day and group was a tenth of a street office's peak memory).
        key = ("members_on", bisect.bisect_right(self._roll_changes, day), group)
        found = self.memo.get(key)
        if found is None:
            found = self.memo[key] = tuple(self._on_rolls(day, group))
        return list(found)

    @functools.cached_property
    def _vote_changes(self) -> list[dt.date]:
        """Every day on which some member's roll, group or vote may change (:meth:`Timeline.vote_changes`)."""
        days = set(self._roll_changes)
        for timeline in self.timelines.values():
            days.update(timeline.vote_changes())
        return sorted(days)

    def rolls_on(self, day: dt.date, *, group: str | None = None) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """(members, voters) on ``day``: :meth:`members_on` and those of them with a vote (:meth:`Timeline.has_vote`),
        each sorted by id. Every assembly and group meeting asks it: kept once per stretch of days on which
        nobody's status, group or sanction changes, not asked of each member at each meeting."""
        key = ("rolls_on", bisect.bisect_right(self._vote_changes, day), group)
        found = self.memo.get(key)
        if found is None:
            members = tuple(sorted(self.members_on(day, group=group)))
            timelines = self.timelines
            found = self.memo[key] = (members, tuple(mid for mid in members if timelines[mid].has_vote(day)))
        return found

    def anyone_on(self, day: dt.date, *, group: str | None = None) -> bool:
        """Whether :meth:`members_on` names anyone, stopping at the first found: the schedule asks it of
        both ends of every period of every group, where building the whole roster is linear in its size.
        Kept, like the roster, once per stretch of days between roll changes: the periods of a group share them."""
        stretch = bisect.bisect_right(self._roll_changes, day)
        roster = self.memo.get(("members_on", stretch, group))
        if roster is not None:
            return bool(roster)
        key = ("anyone_on", stretch, group)
        found = self.memo.get(key)
        if found is None:
            found = self.memo[key] = next(self._on_rolls(day, group), None) is not None
        return found

    def _on_rolls(self, day: dt.date, group: str | None) -> Iterator[str]:
        candidates = self._members_ever_in_group.get(group, ()) if group else self.members
        timelines = self.timelines
        return (mid for mid in candidates
                if timelines[mid].is_member(day) and (group is None or timelines[mid].group(day) == group))

    def voting_members_on(self, day: dt.date, *, group: str | None = None) -> list[str]:
        """Full members on the rolls on ``day``: probationary members have no vote (党章 第七条)."""
        return [mid for mid in self.members_on(day, group=group) if self.timelines[mid].is_full(day)]

    def holders_on(self, day: dt.date, *roles: str) -> list[str]:
        """Members holding any of ``roles`` on ``day`` (committee: secretary, deputy-secretary, committee-member)."""
        return [mid for mid in self._role_holders(roles) if self.timelines[mid].has_role(day, *roles)]

    def _role_holders(self, roles: tuple[str, ...]) -> tuple[str, ...]:
        # kept in ``memo``, not an lru_cache: a cache on the class would keep every Records alive
        key = ("role_holders", roles)
        found = self.memo.get(key)
        if found is None:
            found = self.memo[key] = tuple(m.id for m in self.members.values() if any(r.role in roles for r in m.roles))
        return found

    def meetings_between(self, first: dt.date, last: dt.date, type_id: str | None = None) -> tuple[Meeting, ...]:
        """Meetings dated in [first, last], by binary search on the sorted tuple."""
        pool = self.meetings_of(type_id) if type_id else self.meetings
        dates = self._meeting_dates(type_id)
        return pool[bisect.bisect_left(dates, first):bisect.bisect_right(dates, last)]

    def _meeting_dates(self, type_id: str | None) -> list[dt.date]:
        key = ("meeting_dates", type_id)
        found = self.memo.get(key)
        if found is None:
            found = self.memo[key] = [m.date for m in (self.meetings_of(type_id) if type_id else self.meetings)]
        return found

    # --- what could not be wholly read (one mistake, one finding) -------------------------------
    @functools.cached_property
    def unread_members(self) -> dict[str, frozenset[str]]:
        """Member id → the member file's top-level fields holding a value written but not read (a typo'd
        event kind, a bad date, an amount with the letter O), for members with any. Already reported
        (SCH); :mod:`zhidu_cli.rules.guesses` keeps the rules from judging on what is left."""
        return {m.id: found for m in self.members.values() if (found := unread_fields(m))}

    @functools.cached_property
    def unread_decisions(self) -> dict[str, frozenset[str]]:
        """Decision id → its fields not wholly read, plus ``meeting`` when its meeting is unknown."""
        out = {}
        for decision in self.decisions.values():
            found = set(unread_fields(decision))
            if decision.meeting not in self.meetings_by_id:
                found.add("meeting")
            if decision.subject is not None and decision.subject not in self.members:
                found.add("subject")
            for name in ("recused", "concerned"):
                if any(person not in self.members for person in getattr(decision, name)):
                    found.add(name)
            if found:
                out[decision.id] = frozenset(found)
        return out

    @functools.cached_property
    def clouded_meeting_dates(self) -> frozenset[dt.date]:
        """Days on which a meeting may have been held that could not be wholly read: a meeting file that
        could not be read (the date in its file name), or a meeting whose ``type`` or ``group`` could not
        be read or names no group. What they recorded is unknown, so no period containing one is judged
        as missing a meeting (:mod:`zhidu_cli.rules.guesses`)."""
        days = set()
        for stem in self.broken_ids.get("meeting", ()):
            try:
                days.add(dt.date.fromisoformat(stem[:10]))
            except ValueError:
                continue
        groups = set(self.group_ids)
        for meeting in self.meetings:
            if meeting.refused & {"types", "group"} or (meeting.group is not None and meeting.group not in groups):
                days.add(meeting.date)
        return frozenset(days)

    @functools.cached_property
    def refused_locations(self) -> frozenset:
        """Where each field written but not read is (its key's location), in every record: a finding
        pointing at one of them is about a value zhidu could not read (:mod:`zhidu_cli.rules.guesses`)."""
        found = set()

        def visit(record) -> None:
            for name in record.refused:
                if name in record.locs:
                    found.add(record.where(name))      # locs are packed positions: where() makes the Location
            for name in _nested_fields(type(record)):
                value = getattr(record, name)
                for item in value if isinstance(value, tuple) else (value,):
                    if item is not None:
                        visit(item)

        for top in (self.branch, *self.members.values(), *self.meetings, *self.decisions.values(),
                    *self.ledgers.values()):
            if top is not None:
                visit(top)
        return frozenset(found)

    @functools.cached_property
    def clouded_ledger_months(self) -> frozenset[YearMonth]:
        """Months whose ledger file could not be read (the month in its file name): who paid is unknown."""
        months = set()
        for stem in self.broken_ids.get("ledger", ()):
            try:
                months.add(YearMonth.parse(stem))
            except ValueError:
                continue
        return frozenset(months)

    def __hash__(self) -> int:           # records are compared and hashed by identity
        return id(self)

    def __eq__(self, other: object) -> bool:
        return self is other


def unread_fields(record) -> frozenset[str]:
    """The top-level fields of ``record`` holding something written but not read, at any depth."""
    out = set(record.refused)
    for name in _nested_fields(type(record)):
        value = getattr(record, name)
        for item in value if isinstance(value, tuple) else (value,):
            if item is not None and (item.refused or unread_fields(item)):
                out.add(name)
                break
    return frozenset(out)


@functools.cache
def _nested_fields(cls: type) -> tuple[str, ...]:
    from zhidu_cli.model.fields import record_fields
    out = []
    for field_, spec_ in record_fields(cls):
        inner = spec_.kind[0] if isinstance(spec_.kind, list) else spec_.kind
        if isinstance(inner, type):
            out.append(field_.name)
    return tuple(out)


def _stem(path: str) -> str:
    name = path.rsplit("/", 1)[-1]
    return name.rsplit(".", 1)[0]


def _from_cache(file: LoadedFile) -> tuple | None:
    """(record, problems, written id) stored for ``file`` by an earlier run, or None when they cannot
    be rebuilt exactly (the file is then parsed and built again)."""
    cls = _CLASSES.get(file.kind)
    if cls is None:
        return None
    try:
        return stored.decode(cls, file.cache.model, file.path)
    except (Corrupt, RecursionError):
        return None


def build_records(root: str, loaded: Iterable[LoadedFile]) -> tuple[Records, list[Problem]]:
    """Build the model from parsed files; problems are schema (SCH) and identity (REF001/REF002) ones."""
    problems: list[Problem] = []
    branch: Branch | None = None
    config: MappingNode | None = None
    calendar: CalendarFile | None = None
    members: dict[str, Member] = {}
    meetings: dict[str, Meeting] = {}
    decisions: dict[str, Decision] = {}
    ledgers: dict[YearMonth, Ledger] = {}
    broken: dict[str, set[str]] = defaultdict(set)
    files: list[LoadedFile] = []

    for file in loaded:       # one file at a time: its nodes are let go once its records are built
        slot = file.cache
        built = _from_cache(file) if slot is not None and slot.model is not None else None
        if built is None and slot is not None and slot.model is not None:
            file = slot.parse_again()                # stored records that cannot be rebuilt: parse the file
        files.append(file)
        problems.extend(file.problems)
        if built is None and (file.node is None or not isinstance(file.node, MappingNode)):
            broken[file.kind].add(_stem(file.path))
            continue
        if file.kind == "config":
            config = file.node
            branch, found = build(Branch, file.node, file.path, ignore=CONFIG_KEYS)
            problems.extend(found)
            continue
        stem = _stem(file.path)
        if built is None:
            builder = RecordBuilder(file.path)
            # The file name is the id (DESIGN §1), given to the builder rather than replaced afterwards
            # (a dataclasses.replace per record was a tenth of the model's time).
            record = builder.record(_CLASSES[file.kind], file.node,
                                    values={"id": stem} if file.kind in _IDS else None)
            found, written = builder.problems, builder.written.get("id")
            if record is not None and slot is not None:
                slot.keep(stored.encode(record, found, written))
        else:
            record, found, written = built
        problems.extend(found)
        if record is None:        # its node is kept: ``render`` names the first problem of a file that did not load
            broken[file.kind].add(stem)
            continue
        files[-1] = LoadedFile(file.path, file.kind, None, file.problems, file.suppressions)
        if file.kind == "calendar":
            calendar = record
            continue
        if file.kind == "ledger":
            if str(record.month) != stem:
                problems.append(Problem("REF001", record.where("month"), {"id": str(record.month), "stem": stem}))
                try:                          # as for ids: the file name says which month's ledger it is
                    record = dataclasses.replace(record, month=YearMonth.parse(stem))
                except ValueError:
                    pass
            if record.month in ledgers:
                problems.append(Problem("REF002", record.where("month"), {"id": str(record.month)},
                                        related=(ledgers[record.month].loc,)))
                continue
            ledgers[record.month] = record
            continue
        # The file name is the id (DESIGN §1): a differing ``id:`` is reported, and the record is still
        # filed under its file name, so references by file name do not become follow-on mistakes.
        record_id = stem
        if written and written != stem:
            problems.append(Problem("REF001", record.where("id"), {"id": written, "stem": stem}))
            broken[file.kind].add(written)    # a reference by the inner id is the same mistake, not a second
        folder = file.path.split("/")[-2] if file.path.count("/") >= 2 else ""
        if file.kind == "meeting" and folder.isdigit() and len(folder) == 4 and int(folder) != record.date.year:
            problems.append(Problem("REF001", record.where("date"), {"id": folder, "stem": record.date.year},
                                    "folder", Severity.WARNING))
        if file.kind == "meeting" and stem[:10] != record.date.isoformat() and len(stem) >= 10 \
                and stem[:4].isdigit():
            problems.append(Problem("REF001", record.where("date"), {"id": stem, "stem": record.date.isoformat()},
                                    "date"))
        table = {"member": members, "meeting": meetings, "decision": decisions}[file.kind]
        if record_id in table:
            problems.append(Problem("REF002", record.where("id"), {"id": record_id}, related=(table[record_id].loc,)))
            continue
        table[record_id] = record

    records = Records(
        root=root, branch=branch, config=config, calendar=calendar,
        members=members, decisions=decisions, ledgers=dict(sorted(ledgers.items())),
        meetings=tuple(sorted(meetings.values(), key=lambda m: (m.date, m.time or "", m.id))),
        files=tuple(files), broken_ids={k: frozenset(v) for k, v in broken.items()},
    )
    return records, problems


