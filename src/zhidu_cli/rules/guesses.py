"""One mistake, one finding: the findings that would only follow from a value zhidu could not read.

A typo'd event kind, an amount written with the letter O, a misspelt id: each is reported once, where
it is written (SCH007, SCH008, REF003 …), with a hint that leads to the fix. What depends on the bad
value is then unknown — whether the member was on the rolls, who paid, who was meant — and judging it
anyway would stack false findings on the one real problem. The rules themselves leave out what they
can see is unreadable (a meeting naming an unknown id is not judged by QRM/VOT/CND, a ledger with an
unreadable payment leaves its month's unpaid members unjudged, a review with an unreadable grade does
not say who lacks one); :func:`judged_on_a_guess` catches the rest after the run, centrally, from the
facts every finding carries:

* a finding about a member (``facts["member"]``) whose file holds an unread value in a field the
  finding's family depends on — ``history`` for every family (status and dates come from it), and
  ``dues`` for DUE/NTC, ``training`` and ``roles`` for TRN, ``group`` for LIF/MOB and group meetings,
  ``roles`` for CND;
* a DEV, PRB or NTC finding about a member who is the subject of a decision that could not be wholly
  read or placed (its meeting unknown, its subject, kind, votes, disclosures or approval unreadable) —
  or whose misspelt ``subject`` most resembles the member;
* a VOT, NTC or CND finding located in a decision whose votes, candidates, recusals, concerned members
  or disclosures could not be read or name nobody;
* a cadence (MTG) finding for a period that contains the date of a meeting that could not be wholly
  read (its file, its ``type``, its ``group``) — it may be the missing meeting;
* NTC005 for a month whose ledger file could not be read; NTC003/NTC004/NTC009 (working days) when
  ``calendar.yaml`` holds a value that could not be read.

* a finding located at a field whose value could not be read (``reported:`` with a bad date: not
  "never reported"), and NTC005 for a ledger whose ``published`` date could not be read.

The SCH, REF, CFG, SUP and ZHD findings are the mistakes themselves and are never filtered.
"""

from __future__ import annotations

import difflib

from zhidu_cli.model.repository import unread_fields

from zhidu_cli.diagnostics.finding import Finding

_MISTAKES = frozenset({"SCH", "REF", "CFG", "SUP", "ZHD"})
# member-file fields each family reads besides ``history``
_FAMILY_FIELDS = {
    "DUE": frozenset({"dues"}), "NTC": frozenset({"dues"}), "TRN": frozenset({"training", "roles"}),
    "LIF": frozenset({"group"}), "MOB": frozenset({"group"}), "MTG": frozenset({"group"}),
    "CND": frozenset({"roles"}),
}
_PIPELINE = frozenset({"DEV", "PRB", "NTC"})
_DECISION_FIELDS = frozenset({"subject", "meeting", "kind", "status", "votes", "disclosures", "approval",
                              "candidates", "recused"})
_VOTE_FIELDS = frozenset({"votes", "candidates", "recused", "concerned", "status", "disclosures"})


def clouded_subjects(records) -> frozenset[str]:
    """Members whose development decisions could not be wholly read or placed (see the module doc)."""
    found = set()
    for decision_id, unread in records.unread_decisions.items():
        if not unread & _DECISION_FIELDS:
            continue
        subject = records.decisions[decision_id].subject
        if subject in records.members:
            found.add(subject)
        elif subject:
            found.update(difflib.get_close_matches(subject, list(records.members), n=1, cutoff=0.75))
    return frozenset(found)


def judged_on_a_guess(finding: Finding, records, memo: dict) -> bool:
    """Whether ``finding`` follows only from a value that could not be read (see the module docstring)."""
    family = finding.code[:3]
    if family in _MISTAKES:
        return False
    if finding.location in records.refused_locations:       # a finding about the unreadable value itself
        return True
    facts = finding.facts or {}
    member = facts.get("member")
    if isinstance(member, str):
        unread = records.unread_members.get(member, frozenset())
        if unread & ({"history"} | _FAMILY_FIELDS.get(family, frozenset())):
            return True
        if family in _PIPELINE:
            if "clouded" not in memo:
                memo["clouded"] = clouded_subjects(records)
            if member in memo["clouded"]:
                return True
    if family in ("VOT", "NTC", "CND") and records.unread_decisions:
        if "by-path" not in memo:
            memo["by-path"] = {records.decisions[d].loc.path: unread for d, unread in records.unread_decisions.items()}
        if memo["by-path"].get(finding.location.path, frozenset()) & _VOTE_FIELDS:
            return True
    if family == "MTG" and records.clouded_meeting_dates:
        start, end = facts.get("period_start"), facts.get("period_end")
        if start is not None and end is not None and any(start <= d <= end for d in records.clouded_meeting_dates):
            return True
    if finding.code in ("NTC003", "NTC004", "NTC009") and records.calendar is not None and \
            unread_fields(records.calendar):       # the holidays in force are unknown: working days on a guess
        return True
    if finding.code == "NTC005" and (facts.get("month") in records.clouded_ledger_months or "published" in
                                     getattr(records.ledgers.get(facts.get("month")), "refused", ())):
        return True
    return False


def without_guesses(findings, records) -> list[Finding]:
    memo: dict = {}
    return [f for f in findings if not judged_on_a_guess(f, records, memo)]
