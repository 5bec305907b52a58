"""The editor JSON Schemas: shipped and current, valid draft-07, accepting every example record, and
never disagreeing with ``zhidu check`` — a record the schema rejects, zhidu rejects too.

Records are read here as an editor's YAML language server reads them (YAML 1.2 core schema: dates
and ``yes`` stay strings, ``12`` is an integer, ``true`` a boolean), not as PyYAML's YAML 1.1 would.
"""

from __future__ import annotations

import json
import pathlib
import re

import jsonschema
import pytest
import yaml
from conftest import full_member
from typer.testing import CliRunner

from zhidu_cli.cli.app import app
from zhidu_cli.model.editor_schema import GLOBS, KINDS, SHIPPED, all_schemas, dump, record_schema

PROJECT = pathlib.Path(__file__).parent.parent
EXAMPLES = PROJECT / "examples" / "records"
SKELETON = PROJECT / "src" / "zhidu_cli" / "skeleton"
ENV = {"NO_COLOR": "1", "COLUMNS": "100", "ZHIDU_AS_OF": None, "ZHIDU_LANG": None}
STALE = "stale: run `python -m zhidu_cli.docs_gen docs` and commit the result"


class Yaml12Loader(yaml.SafeLoader):
    """YAML 1.2 core schema, as yaml-language-server resolves plain scalars."""


Yaml12Loader.yaml_implicit_resolvers = {}
for tag, pattern, first in [
    ("tag:yaml.org,2002:bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("tag:yaml.org,2002:int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", "-+0123456789"),
    ("tag:yaml.org,2002:float", r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)"
                                r"|\.(?:nan|NaN|NAN))$", "-+.0123456789"),
    ("tag:yaml.org,2002:null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
]:
    Yaml12Loader.add_implicit_resolver(tag, re.compile(pattern), list(first))


def editor_view(text: str):
    return yaml.load(text, Loader=Yaml12Loader)


def kind_of(relpath: str) -> str | None:
    """Which schema a repository file gets, by the same globs the VS Code settings use."""
    path = pathlib.PurePosixPath(relpath)
    for kind, globs in GLOBS.items():
        for glob in globs:
            if path.match(glob) or (glob.startswith(("meetings/**", "decisions/**"))
                                    and path.parts[0] == glob.split("/")[0] and path.suffix in (".yaml", ".yml")):
                return kind
    return None


def validator(kind: str, lang: str = "zh") -> jsonschema.Draft7Validator:
    return jsonschema.Draft7Validator(record_schema(kind, lang))


# --- shipped, current, valid ---------------------------------------------------------------------------

@pytest.mark.parametrize("name", sorted(all_schemas()))
def test_shipped_schemas_are_current(name):
    assert (SHIPPED / name).read_text(encoding="utf-8") == dump(all_schemas()[name]), STALE


def test_nothing_else_is_shipped():
    assert sorted(p.name for p in SHIPPED.iterdir()) == sorted(all_schemas())


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("kind", sorted(KINDS))
def test_schemas_are_valid_draft_07_and_closed(kind, lang):
    schema = record_schema(kind, lang)
    jsonschema.Draft7Validator.check_schema(schema)
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    assert schema["additionalProperties"] is False
    assert all(d.get("additionalProperties") is False for name, d in schema.get("definitions", {}).items()
               if d.get("type") == "object")


def test_descriptions_are_chinese_by_default_and_english_on_request():
    zh, en = record_schema("member", "zh"), record_schema("member", "en")
    assert zh["properties"]["born"]["description"] == "出生日期"
    assert en["properties"]["born"]["description"] == "date of birth"
    assert "private" in en["properties"]["phone"]["description"]
    missing = [(kind, key) for kind in KINDS for key, prop in _all_properties(record_schema(kind, "en"))
               if not prop.get("description")]
    assert missing == []


def _all_properties(schema):
    yield from schema["properties"].items()
    for definition in schema.get("definitions", {}).values():
        yield from definition.get("properties", {}).items()


def test_enums_offer_english_ids_and_chinese_names():
    schema = record_schema("meeting")
    vocabulary = schema["definitions"]["vocabulary-meeting-type"]
    words = vocabulary["anyOf"][0]["enum"]
    assert "branch-committee" in words and "支委会" in words and "党小组会" in words
    assert "branch-committee（支委会）" in vocabulary["description"]


# --- every example record validates ------------------------------------------------------------------

def _records(root: pathlib.Path):
    for path in sorted(root.rglob("*.y*ml")):
        relpath = path.relative_to(root).as_posix()
        if kind_of(relpath):
            yield relpath, kind_of(relpath), path


EXAMPLE_FILES = list(_records(EXAMPLES))


def test_the_examples_cover_every_kind_but_the_calendar():
    assert {kind for _, kind, _ in EXAMPLE_FILES} == set(KINDS) - {"calendar"}
    assert len(EXAMPLE_FILES) > 60


@pytest.mark.parametrize("relpath, kind, path", EXAMPLE_FILES, ids=[r for r, _, _ in EXAMPLE_FILES])
def test_every_example_record_is_valid(relpath, kind, path):
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
              for e in validator(kind).iter_errors(editor_view(path.read_text(encoding="utf-8")))]
    assert errors == []


@pytest.mark.parametrize("relpath, kind, path", list(_records(SKELETON)), ids=[r for r, _, _ in _records(SKELETON)])
def test_every_skeleton_record_is_valid(relpath, kind, path):
    assert list(validator(kind).iter_errors(editor_view(path.read_text(encoding="utf-8")))) == []


def test_the_records_docs_examples_and_a_calendar_are_valid():
    from zhidu_cli.docs_gen.records import EXAMPLES as DOC_EXAMPLES

    by_title = {"zhidu.yaml": "zhidu", "members/<id>.yaml": "member", "calendar.yaml": "calendar",
                "meetings/<YYYY>/<YYYY-MM-DD>-<slug>.yaml": "meeting", "decisions/<YYYY>/<id>.yaml": "decision",
                "dues/<YYYY-MM>.yaml": "dues"}
    for title, text in DOC_EXAMPLES.items():
        assert list(validator(by_title[title]).iter_errors(editor_view(text))) == [], title


# --- the schema and zhidu agree on what is wrong -----------------------------------------------------

MEMBER_OK = full_member("wang-wu", "王五")
MEETING_OK = "type: 支委会\ndate: 2025-03-05\nattendees: [wang-wu]\n"

INVALID = [
    # (file, text, the code zhidu reports)
    ("members/wang-wu.yaml", MEMBER_OK + "phnoe: '13900001234'\n", "SCH005"),               # unknown key
    ("members/wang-wu.yaml", "name: 王五\n", "SCH004"),                                      # history missing
    ("members/wang-wu.yaml", "name:\nhistory:\n  - {date: 2000-07-01, event: full}\n", "SCH004"),  # empty required
    ("members/wang-wu.yaml", "name: 王五\nhistory:\n  - {date: 2000/07/01, event: full}\n", "SCH007"),
    ("members/wang-wu.yaml", "name: 王五\nhistory:\n  - {date: 2000-07-01, event: 转正式}\n", "SCH008"),
    ("members/wang-wu.yaml", "name: 王五\nhistory: {date: 2000-07-01, event: full}\n", "SCH006"),
    ("members/wang-wu.yaml", MEMBER_OK + "dues: {category: 退休, base: [{from: 2025-3, amount: '4000.00'}]}\n",
     "SCH007"),
    ("members/wang-wu.yaml", MEMBER_OK + "gender: 男性\n", "SCH008"),
    ("meetings/2025/2025-03-05-committee.yaml", MEETING_OK.replace("支委会", "党小组汇"), "SCH008"),
    ("meetings/2025/2025-03-05-committee.yaml", MEETING_OK + "time: 9:00\n", "SCH007"),
    ("meetings/2025/2025-03-05-committee.yaml", MEETING_OK + "public_interest: maybe\n", "SCH007"),
    ("meetings/2025/2025-03-05-committee.yaml", MEETING_OK + "headcount: {expected: 10, present: -1}\n", "SCH007"),
    ("meetings/2025/2025-03-05-committee.yaml", MEETING_OK + "absent: [{member: wang-wu, leave: 请假}]\n", "SCH007"),
    ("dues/2025-03.yaml", "month: 2025-03\npayments:\n  - {member: wang-wu, amount: '24.001', paid_on: 2025-03-10}\n",
     "SCH007"),
    ("dues/2025-03.yaml", "month: 2025-03\npayments:\n  - {member: wang-wu, amount: ￥24, paid_on: 2025-03-10}\n",
     "SCH007"),
    ("dues/2025-03.yaml", "payments: []\n", "SCH004"),
    ("decisions/2025/d1.yaml", "meeting: 2025-03-05-committee\ntitle: 事项\nvotes: {for: 十}\n", "SCH007"),
    ("decisions/2025/d1.yaml", "meeting: 2025-03-05-committee\ntitle: 事项\nkind: 招聘\n", "SCH008"),
    ("zhidu.yaml", "name: 支部\nupper: 党工委\nlocale: fr\n", "CFG003"),
    ("zhidu.yaml", "name: 支部\nupper: 党工委\nextends: community\n", "CFG004"),
    ("zhidu.yaml", "name: 支部\nupper: 党工委\nrules: {MTG001: sometimes}\n", "CFG003"),
    ("zhidu.yaml", "name: 支部\nupper: 党工委\nrules: {MTG001: {every: month}}\n", "CFG002"),
    ("zhidu.yaml", "name: 支部\nupper: 党工委\nignore: [{code: MTG001, period: 2025-13, reason: x}]\n", "CFG003"),
    ("zhidu.yaml", "upper: 党工委\n", "SCH004"),
    ("calendar.yaml", "years:\n  - {year: 2027, holidays: [2027-1-1]}\n", "SCH007"),
]


def _zhidu_codes(repo, relpath: str, text: str) -> set[str]:
    repo.member("wang-wu", MEMBER_OK)
    repo.write(relpath, text)
    result = CliRunner().invoke(app, ["check", str(repo.root), "--as-of", "2025-12-31", "-f", "json",
                                      "--select", "SCH,CFG"], env=ENV)
    if result.exit_code == 2:        # a configuration error stops the run: its codes are on stderr
        return set(re.findall(r": (CFG\d{3}|SCH\d{3}) ", result.stderr))
    return {f["code"] for f in json.loads(result.stdout)["findings"] if f["path"] == relpath}


@pytest.mark.parametrize("relpath, text, code", INVALID, ids=[f"{c}-{i}" for i, (_, _, c) in enumerate(INVALID)])
def test_the_schema_and_zhidu_reject_the_same_records(repo, relpath, text, code):
    assert code in _zhidu_codes(repo, relpath, text)
    assert list(validator(kind_of(relpath)).iter_errors(editor_view(text))), f"the schema accepts {text!r}"


VALID = [
    ("members/wang-wu.yaml", MEMBER_OK + "phone: 13900001234\n"),               # an unquoted number is text
    ("members/wang-wu.yaml", MEMBER_OK + "note:\n"),                           # empty = absent
    ("members/wang-wu.yaml", MEMBER_OK.replace("group: g1", "group: [{group: g1, from: 2000-07-01}]")),  # dated
    ("members/wang-wu.yaml", MEMBER_OK + "dues: {category: Retired, amount: 0.5}\n"),   # ids in any case
    ("meetings/2025/2025-03-05-committee.yaml", MEETING_OK + "time: '09:00'\npublic_interest: 是\n"),
    ("meetings/2025/2025-03-05-committee.yaml", MEETING_OK.replace("支委会", "[branch-committee, 学习活动]")),
    ("meetings/2025/2025-03-05-committee.yaml", MEETING_OK + "absent: [wang-wu]\n"),    # shorthand
    ("dues/2025-03.yaml", "month: 2025-03\npayments:\n  - {member: wang-wu, amount: 24.00, paid_on: 2025-03-10}\n"),
    ("zhidu.yaml", "name: 支部\nupper: 党工委\nrules: {MTG008: off, QRM001: {wording: 半数以上}, DUE005: warning}\n"
                   "ignore: [MTG019, {code: MTG001, period: 2025-Q1, reason: 换届}]\nlocale: en\n"),
    ("zhidu.yaml", "name: 支部\nupper: 党工委\nrules: {mtg008: off}\nlocale: EN\n"),     # any case, as zhidu reads them
]


@pytest.mark.parametrize("relpath, text", VALID, ids=[str(i) for i in range(len(VALID))])
def test_the_schema_accepts_what_zhidu_accepts(repo, relpath, text):
    assert _zhidu_codes(repo, relpath, text) == set()
    assert list(validator(kind_of(relpath)).iter_errors(editor_view(text))) == []


# --- zhidu schema --------------------------------------------------------------------------------------

def test_zhidu_schema_writes_every_kind_and_refuses_to_overwrite(tmp_path):
    out = tmp_path / "schema"
    result = CliRunner().invoke(app, ["schema", "-o", str(out)], env=ENV)
    assert result.exit_code == 0, result.output
    assert result.stdout == "" and "已写入 6 个 schema" in result.stderr
    assert sorted(p.name for p in out.iterdir()) == sorted(all_schemas())
    assert (out / "member.schema.json").read_text(encoding="utf-8") == (SHIPPED / "member.schema.json").read_text(
        encoding="utf-8")
    again = CliRunner().invoke(app, ["schema", "-o", str(out)], env=ENV)
    assert again.exit_code == 2 and "--force" in again.stderr
    forced = CliRunner().invoke(app, ["schema", "-o", str(out), "--force", "--lang", "en"], env=ENV)
    assert forced.exit_code == 0
    assert json.loads((out / "member.schema.json").read_text(encoding="utf-8"))["properties"]["born"][
        "description"] == "date of birth"


def test_zhidu_schema_prints_one_kind_on_stdout():
    result = CliRunner().invoke(app, ["schema", "dues"], env=ENV)
    assert result.exit_code == 0 and result.stderr == ""
    assert json.loads(result.stdout) == record_schema("dues")
    missing = CliRunner().invoke(app, ["schema"], env=ENV)
    assert missing.exit_code == 2 and "member" in missing.stderr and missing.stdout == ""
