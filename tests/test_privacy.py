"""Issue 14, point 4: private values never reach a notice, however typed — and check warns (PRV001)
where free text in a record carries one."""

from __future__ import annotations

import pathlib
import shutil

import pytest
from typer.testing import CliRunner

from zhidu_cli.cli.app import app
from zhidu_cli.privacy import find, prepare, redact

ENV = {"NO_COLOR": "1", "COLUMNS": "100", "ZHIDU_AS_OF": None, "ZHIDU_LANG": None}
EXAMPLES = pathlib.Path(__file__).resolve().parent.parent / "examples" / "records"
MEETING_FILE = "meetings/2025/2025-01-03-branch-committee.yaml"
SECRETS = prepare(["13908515276", "52010219800101123X", "13985560412（本人，微信同号）", "幸福里小区3栋2单元501室"],
                  public=["0851-8555 0101"])


@pytest.mark.parametrize("typed, shown", [
    ("13908515276", "139****5276"),
    ("139-0851-5276", "139****5276"),
    ("139 0851 5276", "139****5276"),
    ("１３９０８５１５２７６", "139****5276"),                   # full-width digits
    ("+86 139 0851 5276", "139****5276"),
    ("52010219800101123x", "5201**********123X"),             # lowercase x
    ("520102 19800101 123X", "5201**********123X"),
    ("13985560412", "139****0412"),                           # the number inside a longer private value
    ("幸福里小区 3栋2单元501室", "幸*************室"),
    ("13812345678", "138****5678"),                           # shaped like a mobile: nobody's on record
    ("110101199003074518", "1101**********4518"),              # shaped like an ID number
])
def test_every_normalised_form_is_masked_inside_longer_text(typed, shown):
    assert redact(f"会后联系{typed}（本人）。", SECRETS) == f"会后联系{shown}（本人）。"


@pytest.mark.parametrize("text", [
    "办公电话 0851-8555 0101",                  # the branch's public contact is meant to be printed
    "合计 15.00 270.00 52.00 1.20 元",           # amounts next to each other are not a phone
    "2025-03-15 13:30 在二楼会议室",
    "第 12 人，编号 1234567",
    "12345678901",                               # 11 digits but no mobile prefix
    "19800101",
])
def test_ordinary_numbers_are_left_alone(text):
    assert redact(text, SECRETS) == text and find(text, SECRETS) == []


def test_boundaries_of_the_shapes():
    assert find("1391234567", SECRETS) == []                # ten digits: no mobile
    assert find("139123456789", SECRETS) == []              # twelve: no mobile either
    assert [h.kind for h in find("13912345678", SECRETS)] == ["mobile"]
    assert [h.kind for h in find("11010119900307451", SECRETS)] == []          # 17 characters
    assert [h.kind for h in find("110101199013074518", SECRETS)] == []         # month 13: no birth date


@pytest.fixture
def records(tmp_path):
    root = tmp_path / "records"
    shutil.copytree(EXAMPLES, root)
    member = root / "members" / "chen-siyu.yaml"
    member.write_text(member.read_text(encoding="utf-8").replace(
        'phone: "15985176320"', 'phone: "15985176320"\ncontact: 13985560412（本人，微信同号）', 1), encoding="utf-8")
    return root


def with_summary(root: pathlib.Path, summary: str) -> None:
    path = root / MEETING_FILE
    path.write_text(path.read_text(encoding="utf-8").replace("形成工作要点，提交党员大会。", summary), encoding="utf-8")


def zhidu(*args: str):
    return CliRunner().invoke(app, list(args), env=ENV)


@pytest.mark.parametrize("to", ["md", "html"])
def test_minutes_mask_every_spelling_of_a_members_private_values(records, to):
    with_summary(records, "陈思雨电话 159-8517-6320，又写作 159 8517 6320 和 １５９８５１７６３２０；"
                          "身份证 520103199604230446、52010319960423044６；联系 13985560412；陌生号码 13812345678")
    result = zhidu("render", "minutes", "2025-01-03-branch-committee", "-C", str(records), "--as-of", "2025-12-31",
                   "--to", to)
    assert result.exit_code == 0, result.output
    text = result.stdout
    for secret in ("15985176320", "8517", "１５９", "520103199604230446", "13985560412", "13812345678"):
        assert secret not in text
    assert text.count("159****6320") == 3 and text.count("5201**********0446") == 2
    assert "139****0412" in text and "138****5678" in text


def test_check_warns_where_free_text_carries_a_private_value(records):
    with_summary(records, "联系陈思雨 159-8517-6320。")
    result = zhidu("check", str(records), "--as-of", "2025-12-31", "-f", "concise")
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if "PRV001" in line]
    assert len(lines) == 1 and "159****6320" in lines[0] and "8517" not in lines[0] and "[警告]" in lines[0]
    assert f"{MEETING_FILE}:11:" in lines[0]


def test_the_notice_prints_the_branchs_public_contact(records):
    result = zhidu("render", "notice", "development-target", "chen-siyu", "-C", str(records), "--as-of", "2025-06-02")
    assert result.exit_code == 0, result.output
    assert "联系电话：0851-85526318" in result.stdout


def test_a_decision_notice_masks_a_contact_quoted_in_part(records):
    path = records / "decisions" / "2025" / "2025-03-public-welfare-post.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(
        "报街道人社所备案。", "报街道人社所备案；有异议请联系陈思雨 13985560412 或 139 8556 0412。"), encoding="utf-8")
    result = zhidu("render", "notice", "decision", "2025-03-public-welfare-post", "-C", str(records),
                   "--as-of", "2025-04-30")
    assert result.exit_code == 0, result.output
    assert "13985560412" not in result.stdout and "8556" not in result.stdout
    assert result.stdout.count("139****0412") == 2
