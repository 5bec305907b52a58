"""Issue 8.6 — what a day means: a ``full`` event is dated on the day the member became a full member
(the end of probation; 党龄 counts from it), the assembly's decision and the approval are on the linked
decision; the subject of a conversion vote is never asked to recuse nor counted as a voter at it; and a
member transferred in is on this branch's rolls only from the transfer (``joined`` / ``converted`` hold
the dates of their membership elsewhere).
"""

from __future__ import annotations

import datetime as dt

from conftest import full_member
from zhidu_cli.dues.balances import compute_balances
from zhidu_cli.dues.standard import DuesStandard

ASSEMBLY = "meetings/2025/2025-07-10-assembly.yaml"


def branch(repo, *, converted_on: str = "2025-06-20", decision_extra: str = ""):
    """林芳 admitted on 2024-06-20 (approved 2024-07-15): probation ends 2025-06-20. The assembly of
    2025-07-10 — three full members and 林芳 herself — converts her; the `full` event is dated at the end
    of probation and linked to the decision."""
    repo.config("records_start: 2024-01-01\n")
    for member_id, name in (("wang-wu", "王五"), ("zhao-liu", "赵六"), ("sun-qi", "孙七")):
        repo.member(member_id, full_member(member_id, name))
    repo.member("lin-fang", f"""\
        name: 林芳
        group: g1
        history:
          - {{date: 2024-06-20, event: admitted, introducers: [wang-wu, zhao-liu]}}
          - {{date: 2024-07-15, event: approved, by: 中共测试街道工作委员会}}
          - {{date: {converted_on}, event: full, decision: conv-lin-fang}}
        """)
    repo.write(ASSEMBLY, "type: 支部党员大会\ndate: 2025-07-10\nchair: wang-wu\nrecorder: zhao-liu\n"
                         "attendees: [wang-wu, zhao-liu, sun-qi, lin-fang]\n"
                         "agenda:\n  - {title: 讨论林芳转正, summary: 同意。}\n")
    repo.write("decisions/2025/conv-lin-fang.yaml",
               "meeting: 2025-07-10-assembly\ntitle: 林芳同志按期转为正式党员\nkind: conversion\nsubject: lin-fang\n"
               "votes: {for: 3}\nstatus: adopted\n"
               "disclosures: [{from: 2025-06-23, to: 2025-06-27, channel: 党务公开栏}]\n"
               "approval: {date: 2025-08-01, by: 中共测试街道工作委员会}\n" + decision_extra)


SELECT = ("PRB", "VOT", "CND003", "QRM", "NTC004")


def test_the_full_event_dated_at_the_end_of_probation_is_clean(repo):
    branch(repo)
    assert repo.codes("2025-12-31", select=SELECT) == []


def test_the_subject_of_a_conversion_vote_is_not_asked_to_recuse(repo):
    branch(repo)
    assert [f.code for f in repo.check("2025-12-31", select=("CND003",))] == []


def test_the_subject_is_not_a_voter_at_her_own_conversion(repo):
    branch(repo)
    ws = repo.workspace()
    assert sorted(ws.records.voting_members_on(dt.date(2025, 7, 10))) == ["sun-qi", "wang-wu", "zhao-liu"]
    assert "lin-fang" in ws.records.voting_members_on(dt.date(2025, 7, 11))   # a full member from the next day
    assert ws.records.timeline("lin-fang").status(dt.date(2025, 6, 25)).value == "probationary"


def test_the_conversion_is_judged_on_the_assembly_date_not_the_event_date(repo):
    # PRB002: probation ended 2025-06-20, due 2025-07-20; the assembly of 2025-07-10 is in time
    branch(repo)
    assert repo.codes("2025-12-31", select=("PRB002",)) == []
    repo.write(ASSEMBLY.replace("07-10", "07-25"), (repo.root / ASSEMBLY).read_text(encoding="utf-8")
               .replace("2025-07-10", "2025-07-25"))
    (repo.root / ASSEMBLY).unlink()
    repo.write("decisions/2025/conv-lin-fang.yaml", (repo.root / "decisions/2025/conv-lin-fang.yaml")
               .read_text(encoding="utf-8").replace("2025-07-10-assembly", "2025-07-25-assembly"))
    [finding] = repo.check("2025-12-31", select=("PRB002",))
    assert finding.facts["discussed"] == dt.date(2025, 7, 25) and finding.location.path == "members/lin-fang.yaml"


def test_a_member_transferred_in_is_on_the_rolls_only_from_the_transfer(repo):
    repo.config("records_start: 2024-01-01\n")
    repo.member("wang-wu", full_member("wang-wu", "王五"))
    repo.member("zhao-liu", full_member("zhao-liu", "赵六"))
    repo.member("wang-lei", """\
        name: 王磊
        group: g1
        dues: {category: employed, base: [{from: 2024-01, amount: '4000.00'}]}
        history:
          - {date: 2009-06-20, event: full, note: 部队服役期间入党}
          - {date: 2024-05-10, event: transferred-in, status: full, place: 某部队党支部}
        """)
    ws = repo.workspace()
    assert ws.records.members_on(dt.date(2024, 3, 1)) == ["wang-wu", "zhao-liu"]
    assert "wang-lei" in ws.records.members_on(dt.date(2024, 5, 10))
    repo.write("dues/2024-01.yaml", "month: 2024-01\npayments: []\n")
    ws = repo.workspace()
    card = compute_balances(ws.records, DuesStandard.default(), dt.date(2024, 8, 1)).get("wang-lei")
    assert str(card.first_owed) == "2024-05"                          # not since January (or 2009)


def test_joined_and_converted_record_the_membership_elsewhere(repo):
    repo.config("records_start: 2024-01-01\n")
    repo.member("wang-lei", """\
        name: 王磊
        group: g1
        history:
          - {date: 2024-05-10, event: transferred-in, status: full, joined: 2008-06-20, converted: 2009-06-20}
        """)
    ws = repo.workspace()
    [event] = ws.records.members["wang-lei"].history
    assert (event.joined, event.converted) == (dt.date(2008, 6, 20), dt.date(2009, 6, 20))
    assert repo.codes("2024-12-31", select=("SCH", "REF")) == []


def test_the_records_doc_defines_the_day(repo):
    import pathlib
    text = (pathlib.Path(__file__).resolve().parent.parent / "docs" / "records.md").read_text(encoding="utf-8")
    assert "预备期满之日" in text and "`joined`" in text and "`converted`" in text
