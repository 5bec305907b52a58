"""Counting people at a meeting: who was expected, who came, who may vote, and whether it was enough.

One module answers these questions for everyone who needs them — the quorum (QRM) and vote (VOT)
rules, the conduct rules (CND), the cadence schedule (a meeting that failed its quorum does not count
as held, RULEBOOK §1) and rendered minutes — so that ``zhidu check``, ``zhidu overdue`` and a printed
record can never disagree about a head count.

Everything is counted **as of the meeting date** (RULEBOOK §2): who was a member, full or
probationary, in the group, on the committee, away. The rules of counting, each with its source:

* Probationary members attend but have no vote (党章 第七条): they are among ``Expected.members``,
  never among ``Expected.voters``.
* Who is expected depends on the body (:func:`expected_at`); an explicit ``expected:`` list in the
  meeting file replaces the derivation (for a joint meeting only its party side: the non-party
  residents' committee members can only be named in ``zhidu.yaml``).
* Members recorded as away (an ``away`` event in force on the day) stay expected unless the body's
  quorum rule sets ``exclude_away: true``; even then an away member who came is expected and present.
* Written votes handed in before the meeting count only where the rule says so (VOT001 yes, VOT005 no).
* A recused member does not vote on the item: they leave the base of that item's vote.

Thresholds are exact: :class:`Threshold` works in :class:`fractions.Fraction`, never in floats, and
keeps "超过半数" (strictly more than half: 6 of 12 fails) apart from "半数以上" (at least half:
6 of 12 passes).

All functions are pure functions of (meeting or decision, records, settings); ``settings`` is a
:class:`zhidu_cli.rules.config.Settings` (or ``None`` for the built-in defaults), read through
:func:`param` so a profile's or ``zhidu.yaml``'s parameters are respected everywhere.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from fractions import Fraction
from typing import Any, Mapping

from zhidu_cli.model.fields import Invalid, Kind, Vocabulary
from zhidu_cli.model.records import Decision, Meeting, Votes
from zhidu_cli.rules.registry import by_code

# --- thresholds ----------------------------------------------------------------------------------

WORDINGS = Vocabulary("wording", (
    ("more-than-half", "超过半数", ("过半数", "超过", "strict")),
    ("at-least-half", "半数以上", ("不少于半数", "at-least")),
))
WORDING = WORDINGS.kind()
VOTE6_BASE = Vocabulary("vote-base", (
    ("attendees", "参会人员", ()),
    ("voters-present", "到会有表决权的党员", ()),
)).kind()

_PERCENT = re.compile(r"(\d{1,3}(?:\.\d+)?)\s*[%％]")
_FRACTION = re.compile(r"(\d+)\s*/\s*(\d+)")
_DECIMAL = re.compile(r"0?\.\d+|1(?:\.0+)?")


class Ratio(Fraction):
    """An exact share that prints the way the source documents write it (``80%``, ``2/3``)."""

    def __str__(self) -> str:
        return ratio_text(self)


def _parse_ratio(text: str) -> Fraction:
    """``80%``, ``0.8``, ``4/5`` → Fraction(4, 5); a ratio in (0, 1]."""
    text = text.strip()
    if m := _PERCENT.fullmatch(text):
        value = Fraction(m.group(1)) / 100
    elif m := _FRACTION.fullmatch(text):
        if int(m.group(2)) == 0:
            raise Invalid("ratio", value=text)
        value = Fraction(int(m.group(1)), int(m.group(2)))
    elif _DECIMAL.fullmatch(text):
        value = Fraction(text)
    else:
        raise Invalid("ratio", value=text)
    if not 0 < value <= 1:
        raise Invalid("ratio", value=text)
    return Ratio(value)


RATIO = Kind("ratio", _parse_ratio, "比例：80%、0.8 或 2/3", "2/3")


def ratio_text(ratio: Fraction) -> str:
    """4/5 → ``80%``, 19/20 → ``95%``, 2/3 → ``2/3``: the way the source documents write them."""
    if (ratio * 100).denominator == 1:
        return f"{ratio * 100}%"
    return f"{ratio.numerator}/{ratio.denominator}"


@dataclass(frozen=True)
class Threshold:
    """A share of a base that must be reached: ``strict`` means "more than", else "at least"."""

    ratio: Fraction
    strict: bool

    @classmethod
    def half(cls, wording: str) -> "Threshold":
        """"超过半数" (``more-than-half``) is strict; "半数以上" (``at-least-half``) is not."""
        return cls(Fraction(1, 2), wording != "at-least-half")

    @classmethod
    def at_least(cls, ratio: Fraction) -> "Threshold":
        return cls(Fraction(ratio), False)

    def required(self, base: int) -> int:
        """The smallest whole number of people meeting the threshold (exact integer arithmetic)."""
        share = self.ratio * base
        floor = share.numerator // share.denominator
        if self.strict:
            return floor + 1
        return floor if share.denominator == 1 else floor + 1

    def met(self, count: int, base: int) -> bool:
        return count >= self.required(base)

    @property
    def zh(self) -> str:
        if self.ratio == Fraction(1, 2):
            return "超过半数" if self.strict else "半数以上"
        return f"超过{ratio_text(self.ratio)}" if self.strict else f"{ratio_text(self.ratio)}以上"

    @property
    def en(self) -> str:
        share = "half" if self.ratio == Fraction(1, 2) else ratio_text(self.ratio)
        return f"more than {share}" if self.strict else f"at least {share}"


# --- parameters in force ------------------------------------------------------------------------

def param(settings, code: str, name: str, on: dt.date | None = None) -> Any:
    """A rule parameter as the configuration sets it: setting > rule version for ``on`` > default.

    The same precedence as :meth:`zhidu_cli.rules.engine.Context.param`, usable outside a rule run
    (the schedule, rendering). ``settings`` may be ``None`` (built-in defaults).
    """
    rule = by_code()[code]
    if settings is not None:
        given = settings.setting(code).params
        if name in given:
            return given[name]
    if on is not None:
        for version in rule.versions:
            if name in version.params and version.covers(on):
                return version.params[name]
    return rule.param(name).default


def rule_on(settings, code: str) -> bool:
    """Is the rule switched on by the profile / ``zhidu.yaml`` (or by default)?

    Deliberately ignores ``--select`` / ``--ignore``: which requirement governs a body must not change
    with the rules a user chose to *display* (``zhidu check --select MTG`` must see the same quorums).
    """
    explicit = settings.setting(code).enabled if settings is not None else None
    return explicit if explicit is not None else by_code()[code].enabled_by_default


def answered_for(meeting: Meeting | None, records, as_of: dt.date) -> bool:
    """Is ``meeting`` one the QRM, VOT and CND rules judge as of ``as_of``?

    Not a later one (a plan, not a fact yet), and not one dated before ``records_start``: like the
    periods, ledgers and development steps before it, a meeting filed from before the records began
    is history the branch keeps for reference, not something these records answer for. Nor one that
    names a member whose file could not be read, an unknown id, or whose people could not all be read.
    """
    if meeting is None or meeting.date > as_of:
        return False
    start = records.branch.records_start if records.branch is not None else None
    if start is not None and meeting.date < start:
        return False
    return not people_unreadable(meeting, records)


def answered_meetings(records, as_of: dt.date) -> tuple[Meeting, ...]:
    """The meetings :func:`answered_for` accepts as of ``as_of``, in date order.

    Kept in ``records.memo``: every CND, QRM and VOT rule walks the same meetings, so the test runs once
    per meeting and run, not once per meeting and rule.
    """
    key = ("answered_meetings", as_of)
    found = records.memo.get(key)
    if found is None:
        found = records.memo[key] = tuple(m for m in records.meetings if answered_for(m, records, as_of))
    return found


_PEOPLE_FIELDS = frozenset({"attendees", "absent", "chair", "recorder", "delegated_by", "expected"})
_PEOPLE_OR_BODY = _PEOPLE_FIELDS | {"group", "types"}
_STANDING = frozenset({"history", "roles", "group"})   # a member's status, offices and group on a day


def people_unreadable(meeting: Meeting, records) -> bool:
    """A meeting naming someone whose member file could not be read, or an id that names nobody (a typo,
    ``li-hau``), or whose list of people could not be read entirely, cannot be judged: whether the one
    meant was the secretary, a voter or present is unknown, and guessing "absent" or "not a member" would
    stack false findings on the one real problem (SCH or REF003, reported already). So is a meeting
    naming a member whose history, roles or group could not be wholly read: their status, office or
    group that day is unknown.

    Kept in ``records.memo`` per meeting (beside the meeting, so a meeting built outside the records
    is never mistaken for one with the same ``id()``): the rules and the schedule ask it of every
    meeting many times over.
    """
    key = ("people_unreadable", id(meeting))
    kept = records.memo.get(key)
    if kept is None or kept[0] is not meeting:
        kept = records.memo[key] = (meeting, _people_unreadable(meeting, records))
    return kept[1]


def known_groups(records) -> frozenset[str]:
    """The ids of zhidu.yaml's groups as a set, kept in ``records.memo`` (``records.group_ids`` is a
    tuple: a membership test per meeting would grow with the number of groups)."""
    found = records.memo.get("known_groups")
    if found is None:
        found = records.memo["known_groups"] = frozenset(records.group_ids)
    return found


def _people_unreadable(meeting: Meeting, records) -> bool:
    if meeting.refused & _PEOPLE_OR_BODY or any(a.refused for a in meeting.absent):
        return True
    absent = {a.member for a in meeting.absent}
    if absent and not absent.isdisjoint(meeting.attendees):   # REF006
        return True
    if meeting.non_party_present and records.branch is not None and \
            not set(meeting.non_party_present) <= {e.name for e in records.branch.residents_committee}:   # REF003
        return True
    if meeting.group is not None and meeting.group not in known_groups(records):   # whose group leader? unknown
        return True
    people = {*meeting.attendees, meeting.chair, meeting.recorder, meeting.delegated_by, *meeting.expected}
    people |= absent
    people.discard(None)
    if not people <= records.members.keys():
        return True
    unread = records.unread_members
    return any(_STANDING & unread[person] for person in people & unread.keys())


# --- who is expected ------------------------------------------------------------------------------

COMMITTEE_ROLES = ("secretary", "deputy-secretary", "committee-member")
TWO_COMMITTEE_ROLES = COMMITTEE_ROLES + ("residents-committee", "residents-director")

# which body's roster a meeting type uses; the first type of a meeting found here decides by default
ROSTERS = {
    "branch-committee": "committee",        # 支委会: committee members only
    "joint-meeting": "two-committees",      # 两委联席会议: committee + residents' committee (non-party too)
    "democratic-life": "cadres",            # 民主生活会: party members of the two committees (000 §三.4)
    "group-meeting": "group",               # 党小组会: the group's members that day
    "general-assembly": "members",          # 支部党员大会: every member on the rolls
    "democratic-review": "members",         # 民主评议党员: every member
    "organizational-life": "members-or-group",
    "party-lecture": "members-or-group",
    "study": "members-or-group",
    "theme-day": "members-or-group",
    "e-education": "members-or-group",
}
# bodies whose participants are counted, not named (hearings and the like): ``headcount``
COUNTED = frozenset({"hearing", "deliberation", "review-meeting", "community-joint-meeting"})


@dataclass(frozen=True)
class Expected:
    """Who was expected at a meeting as of its date, for one of its types."""

    type_id: str
    day: dt.date
    members: tuple[str, ...]         # party members expected (ids, sorted)
    voters: tuple[str, ...]          # … of them full members: the ones with a vote
    others: tuple[str, ...] = ()     # non-party people expected, by name (joint meeting roster)
    away: tuple[str, ...] = ()       # expected members away that day (they have a reason to be absent)
    away_excluded: tuple[str, ...] = ()   # away members left out of ``members`` (``exclude_away``)
    headcount: int | None = None     # expected count, for bodies counted rather than named
    explicit: bool = False           # the meeting file listed ``expected:``
    derived: bool = True             # False: the type has no roster and nothing was given

    @property
    def total(self) -> int:
        if self.headcount is not None and not self.members and not self.others:
            return self.headcount
        return len(self.members) + len(self.others)


def primary_type(meeting: Meeting) -> str:
    """The type whose roster decides "expected" when none is asked for: the most specific one."""
    for type_id in ROSTERS:
        if type_id in meeting.types:
            return type_id
    return meeting.types[0] if meeting.types else "other"


def _in_force(entry, day: dt.date) -> bool:
    return (entry.start is None or entry.start <= day) and (entry.end is None or day < entry.end)


def _roster_ids(kind: str, records, day: dt.date) -> tuple[set[str], tuple[str, ...]]:
    """(party member ids, non-party names) of a roster of office holders (committee, two committees, cadres)
    on ``day``; the rolls' rosters are :func:`_rolls`."""
    timelines = records.timelines

    def holders(roles) -> set[str]:
        return {mid for mid in records.holders_on(day, *roles) if timelines[mid].is_member(day)}

    def residents() -> tuple[set[str], tuple[str, ...]]:
        entries = [e for e in (records.branch.residents_committee if records.branch else ()) if _in_force(e, day)]
        return {e.member for e in entries if e.member}, tuple(sorted({e.name for e in entries if not e.member}))

    if kind == "committee":
        return holders(COMMITTEE_ROLES), ()
    if kind == "two-committees":
        ids, names = residents()
        return holders(TWO_COMMITTEE_ROLES) | ids, names
    ids, _ = residents()       # cadres
    return holders(TWO_COMMITTEE_ROLES) | {i for i in ids if i in timelines and timelines[i].is_member(day)}, ()


def _rolls(kind: str, meeting: Meeting, records, day: dt.date) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(members, voters), each sorted, of a roster drawn from the rolls: every member, or the meeting's group."""
    if kind == "group" or (kind == "members-or-group" and meeting.group):
        return records.rolls_on(day, group=meeting.group) if meeting.group else ((), ())
    return records.rolls_on(day)


_FROM_ROLLS = frozenset({"group", "members", "members-or-group"})


def _per_meeting(function):
    """Keep ``function(meeting, records, params=None, *, type_id=None)``'s answers in ``records.memo``.

    Why: the schedule, the QRM, CND, VOT and MOB rules and rendering all ask who was expected and
    who came at the same meetings; at street-office scale a roster is thousands of members. The
    answer depends only on the meeting, the records, the type and ``exclude_away`` (the one
    parameter read), so that is the key. The meeting itself is kept beside the answer, so a
    meeting object built outside the records can never be mistaken for one with the same ``id()``.
    """
    name = function.__name__

    @functools.wraps(function)
    def remembered(meeting: Meeting, records, params: Mapping[str, Any] | None = None, *,
                   type_id: str | None = None):
        type_id = type_id or primary_type(meeting)
        key = (name, id(meeting), type_id, bool(params and params.get("exclude_away")))
        kept = records.memo.get(key)
        if kept is None or kept[0] is not meeting:
            kept = records.memo[key] = (meeting, function(meeting, records, params, type_id=type_id))
        return kept[1]

    return remembered


@_per_meeting
def expected_at(meeting: Meeting, records, params: Mapping[str, Any] | None = None, *,
                type_id: str | None = None) -> Expected:
    """Who was expected at ``meeting`` on its date, for ``type_id`` (default :func:`primary_type`).

    By type: general assembly and democratic review = every party member on the rolls (voters = full
    members); branch committee = holders of secretary / deputy-secretary / committee-member; group
    meeting = the members of that group that day; joint meeting = the committee and the residents'
    committee (party cadres by role, ``residents_committee`` of zhidu.yaml by date range, non-party
    by name); democratic life = party members of the two committees; lectures, study and the like =
    every member, or the group's when ``group`` is set; hearings and other counted bodies =
    ``headcount.expected``. ``meeting.expected`` replaces the derived party members.

    ``params["exclude_away"]`` (default false): leave out members away that day, unless they came.
    """
    day = meeting.date
    type_id = type_id or primary_type(meeting)
    timelines = records.timelines
    kind = ROSTERS.get(type_id)
    headcount = meeting.headcount.expected if meeting.headcount else None
    others: tuple[str, ...] = ()
    if meeting.expected:
        members = tuple(sorted(set(meeting.expected)))
        if kind == "two-committees":
            others = _roster_ids(kind, records, day)[1]
    elif kind is None or (type_id in COUNTED and headcount is not None):
        return Expected(type_id, day, (), (), headcount=headcount, derived=headcount is not None)
    elif kind in _FROM_ROLLS:
        members, voters = _rolls(kind, meeting, records, day)
    else:
        ids, others = _roster_ids(kind, records, day)
        members = tuple(sorted(ids))
    if meeting.expected or kind not in _FROM_ROLLS:      # the rolls' voters are known per stretch of days
        voters = tuple(mid for mid in members if mid in timelines and timelines[mid].has_vote(day))
    # rosters of a street office's assemblies are thousands long: away is asked only of those ever away
    ever_away = records.ever_away
    away = {mid for mid in ever_away.intersection(members) if timelines[mid].away(day) is not None} \
        if ever_away else set()
    excluded: set[str] = set()
    if params and params.get("exclude_away") and not meeting.expected:
        excluded = away - set(meeting.attendees)
        if excluded:
            members = tuple(mid for mid in members if mid not in excluded)
            voters = tuple(mid for mid in voters if mid not in excluded)
    return Expected(type_id, day, members, voters, others, tuple(sorted(away - excluded)), tuple(sorted(excluded)),
                    headcount, explicit=bool(meeting.expected))


# --- who came -------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Attendance:
    """Who of those expected came, who did not, and who may vote."""

    expected: Expected
    present: tuple[str, ...]           # party members counted present (expected ones, where a roster applies)
    present_voters: tuple[str, ...]    # … of them full members (probationary members do not vote)
    present_others: tuple[str, ...]    # non-party people present (names; expected ones where a roster applies)
    absent: tuple[str, ...]            # expected party members neither present nor taking part in writing
    count: int                         # people present: named, or ``headcount.present`` when only counted
    written: tuple[str, ...] = ()      # expected members who took part in writing (democratic review)
    unexpected: tuple[str, ...] = ()   # attendees who were not expected (not a member that day, other group)
    recorded: bool = True              # False: nobody recorded present (an absent list alone is not attendance)

    @property
    def taking_part(self) -> int:
        """Present plus written participation (民主评议: 外出党员书面参加)."""
        return self.count + len(self.written)


@_per_meeting
def attendance(meeting: Meeting, records, params: Mapping[str, Any] | None = None, *,
               type_id: str | None = None) -> Attendance:
    """Attendance at ``meeting`` against :func:`expected_at` (same ``params`` and ``type_id``).

    Where a roster applies, only expected people count as present (a member who joined after the
    meeting, or one from another group, is ``unexpected``); bodies without a roster count every
    attendee, or ``headcount.present`` when they were only counted.
    """
    expected = expected_at(meeting, records, params, type_id=type_id)
    came = set(meeting.attendees)
    # Where a roster applies, attendance is the list of those present: an ``absent:`` list or a bare
    # ``headcount`` alone does not say who of the expected came (full or probationary), so the quorum
    # cannot be shown — it has not *failed*. Counted bodies are recorded by their headcount.
    if expected.members or expected.others or expected.explicit:
        # the roster's tuples are sorted and voters ⊆ members: filtering them gives what sorted() would
        members = expected.members
        written: tuple[str, ...] = ()
        if expected.type_id == "democratic-review":
            wrote = {r.member for r in meeting.reviews if r.written}
            written = tuple(mid for mid in members if mid in wrote and mid not in came)
        present = tuple(mid for mid in members if mid in came)
        others: tuple[str, ...] = ()
        if expected.others:
            listed = set(meeting.non_party_present)
            others = tuple(name for name in expected.others if name in listed)
        accounted = came.union(written) if written else came
        return Attendance(
            expected=expected, present=present, present_voters=tuple(mid for mid in expected.voters if mid in came),
            present_others=others, absent=tuple(mid for mid in members if mid not in accounted),
            count=len(present) + len(others), written=written, unexpected=tuple(sorted(came.difference(members))),
            recorded=bool(meeting.attendees or meeting.non_party_present or written),
        )
    timelines = records.timelines
    others_present = set(meeting.non_party_present)
    voters = {mid for mid in came if mid in timelines and timelines[mid].has_vote(meeting.date)}
    return Attendance(
        expected=expected, present=tuple(sorted(came)), present_voters=tuple(sorted(voters)),
        present_others=tuple(sorted(others_present)), absent=(),
        count=meeting.headcount.present if meeting.headcount else len(came) + len(others_present),
        recorded=bool(meeting.attendees or meeting.non_party_present or meeting.headcount),
    )


# --- quorum ---------------------------------------------------------------------------------------

# meeting type → the quorum rule that governs it (QRM006 takes over its ``types`` when switched on)
QUORUM_CODES = {
    "general-assembly": "QRM001",
    "branch-committee": "QRM002",
    "joint-meeting": "QRM003",
    "hearing": "QRM004",
    "democratic-review": "QRM005",
}
UPPER_COMMITTEE = "QRM006"


def quorum_code(type_id: str, settings, on: dt.date | None = None) -> str | None:
    """Which quorum rule governs a meeting type under ``settings`` (``None``: no quorum requirement)."""
    if rule_on(settings, UPPER_COMMITTEE) and type_id in param(settings, UPPER_COMMITTEE, "types", on):
        return UPPER_COMMITTEE
    code = QUORUM_CODES.get(type_id)
    return code if code and rule_on(settings, code) else None


def expected_params(type_id: str, settings, on: dt.date | None = None) -> dict[str, Any]:
    """The counting parameters of the body's quorum rule (``exclude_away``), even when it is off."""
    code = UPPER_COMMITTEE if quorum_code(type_id, settings, on) == UPPER_COMMITTEE else QUORUM_CODES.get(type_id)
    if code is None or "exclude_away" not in {p.name for p in by_code()[code].params}:
        return {"exclude_away": False}
    return {"exclude_away": bool(param(settings, code, "exclude_away", on))}


def body_attendance(meeting: Meeting, records, settings, type_id: str | None = None) -> Attendance:
    """:func:`attendance` with the parameters the configuration sets for that body."""
    type_id = type_id or primary_type(meeting)
    return attendance(meeting, records, expected_params(type_id, settings, meeting.date), type_id=type_id)


@dataclass(frozen=True)
class QuorumResult:
    """One quorum requirement applied to one meeting."""

    code: str                  # the rule applied: QRM001 …
    type_id: str               # the meeting type it was applied for
    counts: str                # what was counted: "voters" (full members) or "people"
    expected: int              # the base: how many were expected
    present: int               # how many of them were present (or took part)
    threshold: Threshold
    required: int              # the least number present that passes
    passed: bool
    recorded: bool = True      # False: no attendance recorded, the quorum cannot be shown
    cadre: bool = False        # QRM006: a cadre matter raised the requirement to ``cadre_ratio``
    attendance: Attendance | None = None


def _cadre_matter(meeting: Meeting, records, settings) -> bool:
    kinds = set(param(settings, UPPER_COMMITTEE, "cadre_kinds", meeting.date))
    return any(d.kind in kinds for d in records.decisions_by_meeting.get(meeting.id, ()))


def evaluate_quorum(code: str, meeting: Meeting, records, settings, type_id: str) -> QuorumResult | None:
    """Apply quorum rule ``code`` to ``meeting`` as a ``type_id`` meeting; ``None`` if nobody was expected."""
    day = meeting.date
    att = body_attendance(meeting, records, settings, type_id)
    exp = att.expected
    cadre = False
    if code == "QRM001":
        counts, base, present = "voters", len(exp.voters), len(att.present_voters)
        threshold = Threshold.half(param(settings, code, "wording", day))
    elif code in ("QRM002", UPPER_COMMITTEE):
        counts, base, present = "people", len(exp.members), len(att.present)
        threshold = Threshold.half(param(settings, code, "wording", day))
        if code == UPPER_COMMITTEE and _cadre_matter(meeting, records, settings):
            cadre_threshold = Threshold.at_least(param(settings, code, "cadre_ratio", day))
            if cadre_threshold.required(base) > threshold.required(base):
                threshold, cadre = cadre_threshold, True
    elif code == "QRM005":
        counts, base, present = "people", exp.total, att.taking_part
        threshold = Threshold.at_least(param(settings, code, "ratio", day))
    else:   # QRM003, QRM004
        counts, base, present = "people", exp.total, att.count
        threshold = (Threshold.at_least(param(settings, code, "ratio", day)) if code == "QRM003"
                     else Threshold.half(param(settings, code, "wording", day)))
    if base == 0:
        return None
    required = threshold.required(base)
    return QuorumResult(code, type_id, counts, base, present, threshold, required,
                        passed=present >= required, recorded=att.recorded, cadre=cadre, attendance=att)


def quorums(meeting: Meeting, records, settings) -> tuple[QuorumResult, ...]:
    """Every quorum requirement in force for the meeting's types (a meeting may be of several).

    Kept in ``records.memo`` per meeting and settings: the schedule asks once per body a meeting
    counts for (a 主题党日 counts for three), and :func:`quorum` once per type.
    """
    key = ("quorums", id(meeting), id(settings))
    kept = records.memo.get(key)
    if kept is None or kept[0] is not meeting or kept[1] is not settings:
        kept = records.memo[key] = (meeting, settings, _quorums(meeting, records, settings))
    return kept[2]


def _quorums(meeting: Meeting, records, settings) -> tuple[QuorumResult, ...]:
    results = []
    for type_id in meeting.types:
        code = quorum_code(type_id, settings, meeting.date)
        if code is not None and (result := evaluate_quorum(code, meeting, records, settings, type_id)):
            results.append(result)
    return tuple(results)


def quorum(meeting: Meeting, records, settings, *, type_id: str | None = None) -> QuorumResult | None:
    """The quorum requirement of the meeting (of ``type_id`` if given); the failing one if any fails.

    ``None``: no quorum rule governs it, or nobody was expected.
    """
    results = [r for r in quorums(meeting, records, settings) if type_id is None or r.type_id == type_id]
    failing = [r for r in results if r.recorded and not r.passed]
    return (failing or results or [None])[0]


def quorum_failed(meeting: Meeting, records, settings, *, type_id: str | None = None) -> bool:
    """True when the meeting (as a ``type_id`` meeting, or as any of its types) failed its quorum.

    Such a meeting does not count as held (RULEBOOK §1). A meeting whose attendance was not recorded
    has not *failed* — the QRM rules warn that its quorum cannot be shown.
    """
    if people_unreadable(meeting, records):     # who was there is unknown: not failed on a guess
        return False
    result = quorum(meeting, records, settings, type_id=type_id)
    return result is not None and result.recorded and not result.passed


# --- votes ----------------------------------------------------------------------------------------

PARTY_BODIES = frozenset(ROSTERS) - {"joint-meeting"}


@dataclass(frozen=True)
class VoteResult:
    """One vote rule applied to one decision (or to one candidate of a cadre decision)."""

    code: str                  # the rule applied: VOT001 …
    votes_for: int             # for-votes counted (written ones included where the rule counts them)
    written_for: int           # of which handed in writing before the meeting (0 where not counted)
    base: int                  # what the for-votes are measured against
    base_kind: str             # "expected-voters", "expected-members", "present-voters" or "present"
    threshold: Threshold
    required: int
    passed: bool
    recused: int = 0           # recused people taken out of the base
    candidate: str | None = None


BASE_TEXT = {
    "expected-voters": ("应到会有表决权的正式党员", "full members with a vote expected"),
    "expected-members": ("应到会成员", "members expected"),
    "present-voters": ("到会有表决权的党员", "members with a vote present"),
    "present": ("到会人员", "people present"),
}


def vote_code(decision: Decision, meeting: Meeting, settings) -> str | None:
    """Which vote rule governs the decision at that meeting (``None``: none of VOT001–VOT006)."""
    day = meeting.date
    types = meeting.types
    if "general-assembly" in types:
        if rule_on(settings, "VOT001") and decision.kind in param(settings, "VOT001", "kinds", day):
            return "VOT001"
        if rule_on(settings, "VOT006") and decision.kind in param(settings, "VOT006", "kinds", day):
            return "VOT006"
    for type_id, code in (("joint-meeting", "VOT002"), ("deliberation", "VOT003"), ("hearing", "VOT004")):
        if type_id in types and rule_on(settings, code):
            return code
    if rule_on(settings, "VOT005") and any(t in param(settings, "VOT005", "types", day) for t in types):
        return "VOT005"
    return None


def vote_type(code: str, meeting: Meeting, settings) -> str:
    """The meeting type whose roster a vote rule counts against."""
    if code in ("VOT001", "VOT006"):
        return "general-assembly"
    if code == "VOT005":
        chosen = param(settings, "VOT005", "types", meeting.date)
        return next(t for t in meeting.types if t in chosen)
    return {"VOT002": "joint-meeting", "VOT003": "deliberation", "VOT004": "hearing"}[code]


def _tally(code: str, votes: Votes, decision: Decision, meeting: Meeting, records, settings,
           candidate: str | None = None) -> VoteResult:
    day = meeting.date
    att = body_attendance(meeting, records, settings, vote_type(code, meeting, settings))
    exp = att.expected
    recused = set(decision.recused)
    written = 0
    if code == "VOT001":
        pool, kind = set(exp.voters), "expected-voters"
        if param(settings, code, "count_written", day):
            written = votes.written_for
    elif code == "VOT005":
        pool, kind = set(exp.members), "expected-members"
    elif code == "VOT006" and param(settings, code, "base", day) == "voters-present":
        pool, kind = set(att.present_voters), "present-voters"
    else:
        pool, kind = None, "present"
    if pool is not None:
        out = len(pool & recused)
        base = len(pool) - out
    else:
        named = set(att.present) | set(att.present_others)
        out = len(named & recused)
        base = att.count - out
    if code in ("VOT002", "VOT003"):
        threshold = Threshold.at_least(param(settings, code, "ratio", day))
    else:
        threshold = Threshold.half(param(settings, code, "wording", day))
    votes_for = votes.for_ + written
    required = threshold.required(base)
    return VoteResult(code, votes_for, written, base, kind, threshold, required, votes_for >= required,
                      out, candidate)


def vote_result(decision: Decision, meeting: Meeting, records, settings) -> VoteResult | None:
    """The decision's recorded tally measured against the vote rule governing it.

    ``None`` when no vote rule governs it or no tally was recorded. Bases (documented readings):
    VOT001 — full members expected (not those present; 发展党员工作细则, article number unconfirmed), written for-votes
    counted when ``count_written``; VOT005 — committee members expected, written opinions never
    counted; VOT006 — everyone attending the general assembly (000 §十四 "参会人员半数以上"; ``base:
    voters-present`` counts only the full members with a vote); VOT002–VOT004 — everyone present. Recused people leave the
    base in every case: a member who may not vote on the item cannot be counted as "not agreeing".
    """
    code = vote_code(decision, meeting, settings)
    if code is None or decision.votes is None:
        return None
    return _tally(code, decision.votes, decision, meeting, records, settings)


def candidate_results(decision: Decision, meeting: Meeting, records, settings) -> tuple[VoteResult, ...]:
    """Per-candidate results of a decision voted person by person (``candidates`` with ``votes``)."""
    code = vote_code(decision, meeting, settings)
    if code is None:
        return ()
    return tuple(_tally(code, c.votes, decision, meeting, records, settings, candidate=c.name)
                 for c in decision.candidates if c.votes is not None)


def voters_present(meeting: Meeting, att: Attendance, recused: frozenset[str] | set[str] = frozenset()) -> int:
    """How many present people may vote on an item: full members at party bodies, everyone elsewhere.

    A recused person present does not vote on the item; a recused probationary member had no vote to
    give up, so only recused *voters* reduce the count (the subject of a conversion is often recorded
    as recused).
    """
    if att.expected.type_id in PARTY_BODIES and att.expected.members:
        return len(set(att.present_voters) - set(recused))
    named = set(att.present) | set(att.present_others)
    return att.count - len(named & set(recused))
