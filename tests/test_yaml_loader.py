"""The positioned, safe YAML loader: every input inline, every problem pinned to code, variant, line, column."""

from __future__ import annotations

import codecs
import re

import pytest
import yaml

from zhidu_cli.records import yaml_loader
from zhidu_cli.records.nodes import Mapping, Scalar, Sequence
from zhidu_cli.records.yaml_loader import MESSAGES, Suppression, load_file, load_yaml, suppressions

PATH = "members/zhang-san.yaml"


def load(src: bytes):
    return load_yaml(src, PATH)


def where(problems) -> list[tuple[str, str, int, int]]:
    return [(p.code, p.variant, p.location.line, p.location.column) for p in problems]


@pytest.fixture(params=["libyaml", "pure"])
def each_loader(request, monkeypatch):
    """Run a test under both event sources: what one accepts or refuses, the other must too."""
    if request.param == "libyaml":
        if not yaml.__with_libyaml__:
            pytest.skip("PyYAML built without libyaml")
        monkeypatch.setattr(yaml_loader, "LOADER", yaml.CSafeLoader)
    else:
        monkeypatch.setattr(yaml_loader, "LOADER", yaml.SafeLoader)
    return request.param


# --- scalars stay text ------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["no", "on", "off", "yes", "y", "N", "0123", "1:30", "12.50", "2024-02-30",
                                  "2024-03-15", "0x1F", "1e3", ".inf", "-.NaN", "0o17", "+12", "1_000"])
def test_yaml_1_1_surprises_stay_source_text(text, each_loader):
    node, problems = load(f"value: {text}\n".encode())
    assert problems == []
    assert node.get("value") == Scalar(text, 1, 8)


@pytest.mark.parametrize("src", [b"value:\n", b"value: ~\n", b"value: null\n", b"value: Null\n", b"value: NULL\n",
                                 b"value:   # nothing yet\n"])
def test_empty_and_null_values_are_null_with_empty_text(src, each_loader):
    node, problems = load(src)
    assert problems == []
    value = node.get("value")
    assert (value.value, value.null, value.quoted, value.line) == ("", True, False, 1)


def test_quoted_and_block_scalars_are_quoted_and_never_null(each_loader):
    node, problems = load(b"a: 'null'\nb: \"~\"\nc: ''\nd: |\n  \xe7\xac\xac\xe4\xb8\x80\xe8\xa1\x8c\n"
                          b"e: >\n  folded\n  text\nf: NULL-ish\n")
    assert problems == []
    assert node.get("a") == Scalar("null", 1, 4, quoted=True)
    assert node.get("b") == Scalar("~", 2, 4, quoted=True)
    assert node.get("c") == Scalar("", 3, 4, quoted=True)
    assert node.get("d") == Scalar("第一行\n", 4, 4, quoted=True)
    assert node.get("e") == Scalar("folded text\n", 6, 4, quoted=True)
    assert node.get("f") == Scalar("NULL-ish", 9, 4)


def test_core_tags_are_allowed_and_change_nothing_but_quoting(each_loader):
    node, problems = load(b"a: !!str no\nb: !!int 0123\nc: !!null ''\nd: !!seq [1]\ne: ! on\n")
    assert problems == []
    assert node.get("a") == Scalar("no", 1, 4, quoted=True)
    assert node.get("b") == Scalar("0123", 2, 4)
    assert node.get("c") == Scalar("", 3, 4, null=True)
    assert node.get("d") == Sequence((Scalar("1", 4, 11),), 4, 4)
    assert node.get("e") == Scalar("on", 5, 4, quoted=True)


# --- positions --------------------------------------------------------------------------------------


def test_nested_positions_are_one_based_and_count_characters_not_bytes(each_loader):
    src = (
        "# 成员档案\n"
        "id: zhang-san\n"
        "姓名: 张三\n"
        "history:\n"
        "  - {date: 1998-07-01, event: full}\n"
        "  - date: 2020-03-01\n"
        "    event: away\n"
        "    备注: \"外出务工\"\n"
        "roles: [secretary, {role: group-leader}]\n"
    ).encode()
    node, problems = load(src)
    assert problems == []
    assert (node.line, node.column) == (2, 1)
    assert node.keys() == ["id", "姓名", "history", "roles"]
    assert node.get("姓名") == Scalar("张三", 3, 5)
    history = node.get("history")
    assert (history.line, history.column) == (5, 3)
    first, second = history.items
    assert (first.line, first.column) == (5, 5)
    assert first.get("date") == Scalar("1998-07-01", 5, 12)
    assert first.get("event") == Scalar("full", 5, 31)
    assert (second.line, second.column) == (6, 5)
    assert second.pairs[2][0] == Scalar("备注", 8, 5)
    assert second.get("备注") == Scalar("外出务工", 8, 9, quoted=True)
    roles = node.get("roles")
    assert roles.items[0] == Scalar("secretary", 9, 9)
    assert roles.items[1].get("role") == Scalar("group-leader", 9, 27)


def test_crlf_line_endings_keep_lines_right(each_loader):
    node, problems = load(b"a: 1\r\nb: \"x\"\r\nc:\r\n  - d\r\n")
    assert problems == []
    assert node.get("b") == Scalar("x", 2, 4, quoted=True)
    assert node.get("c").items[0] == Scalar("d", 4, 5)


# --- encoding ---------------------------------------------------------------------------------------


def test_utf8_bom_is_accepted_and_columns_ignore_it(each_loader):
    node, problems = load(codecs.BOM_UTF8 + "姓名: 张三\n".encode())
    assert problems == []
    assert node.pairs[0] == (Scalar("姓名", 1, 1), Scalar("张三", 1, 5))


def test_gbk_bytes_are_rejected_at_the_first_bad_byte():
    node, problems = load("id: zhang-san\n姓名: ".encode() + "张三".encode("gbk") + b"\n")
    assert node is None
    assert where(problems) == [("SCH001", "encoding", 2, 5)]
    assert problems[0].facts == {"byte": "0xD5"}


def test_latin1_bytes_are_rejected_with_their_column():
    node, problems = load(b"name: Jos\xe9\n")
    assert node is None
    assert where(problems) == [("SCH001", "encoding", 1, 10)]
    assert problems[0].facts == {"byte": "0xE9"}


def test_utf16_is_an_encoding_problem_not_binary():
    node, problems = load("name: x\n".encode("utf-16"))
    assert node is None
    assert where(problems) == [("SCH001", "encoding", 1, 1)]


def test_binary_data_is_rejected_at_the_first_nul_byte():
    node, problems = load(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert node is None
    assert where(problems) == [("SCH001", "binary", 3, 1)]


def test_control_character_is_rejected_where_it_is():
    node, problems = load("id: a\n备注: 见\x07附件\n".encode())
    assert node is None
    assert where(problems) == [("SCH001", "control", 2, 6)]
    assert problems[0].facts == {"char": "U+0007"}


# --- empty files and the root -----------------------------------------------------------------------


@pytest.mark.parametrize("src", [b"", b"   \n\n  \n", b"# \xe5\xa4\x87\xe6\xb3\xa8\n# more\n", b"---\n", b"~\n",
                                 codecs.BOM_UTF8])
def test_files_without_a_record_are_empty(src, each_loader):
    node, problems = load(src)
    assert node is None
    assert where(problems) == [("SCH001", "empty", 1, 1)]


def test_sequence_root_is_reported_and_returned(each_loader):
    node, problems = load(b"# list\n- a\n- b\n")
    assert node == Sequence((Scalar("a", 2, 3), Scalar("b", 3, 3)), 2, 1)
    assert where(problems) == [("SCH006", "root", 2, 1)]
    assert problems[0].facts == {"expected": "mapping", "found": "sequence"}


def test_scalar_root_is_reported_and_returned(each_loader):
    node, problems = load("张三\n".encode())
    assert node == Scalar("张三", 1, 1)
    assert where(problems) == [("SCH006", "root", 1, 1)]
    assert problems[0].facts == {"expected": "mapping", "found": "scalar"}


def test_explicit_single_document_markers_are_fine(each_loader):
    node, problems = load(b"---\nid: a\n...\n")
    assert problems == []
    assert node.get("id") == Scalar("a", 2, 5)


# --- keys ------------------------------------------------------------------------------------------


def test_duplicate_key_is_reported_at_the_second_and_the_first_is_kept(each_loader):
    node, problems = load(b"name: a\nage: 1\nname: b\n")
    assert where(problems) == [("SCH003", "", 3, 1)]
    assert problems[0].facts == {"key": "name", "first_line": 1}
    assert node.keys() == ["name", "age"]
    assert node.get("name") == Scalar("a", 1, 7)


def test_duplicate_keys_in_nested_flow_mappings_and_across_quoting(each_loader):
    node, problems = load(b"list:\n- {b: 1, b: {x: 2}}\n\"list\": 3\n")
    assert where(problems) == [("SCH003", "", 2, 10), ("SCH003", "", 3, 1)]
    assert problems[0].facts == {"key": "b", "first_line": 2}
    assert node.get("list").items[0] == Mapping(((Scalar("b", 2, 4), Scalar("1", 2, 7)),), 2, 3)


def test_same_key_in_different_mappings_is_no_duplicate(each_loader):
    node, problems = load(b"a: {id: 1}\nb: {id: 1}\n")
    assert problems == []


def test_collection_as_key_is_refused(each_loader):
    node, problems = load(b"? [a, b]\n: 1\nc: 2\n")
    assert node is None
    assert where(problems) == [("SCH002", "key", 1, 3)]
    assert problems[0].facts == {"found": "sequence"}


def test_merge_key_is_refused(each_loader):
    node, problems = load(b"base: &base {group: 1}\nmember:\n  <<: *base\n  name: a\n")
    assert node is None
    assert where(problems) == [("SCH002", "merge", 3, 3)]


def test_quoted_angle_key_is_an_ordinary_key(each_loader):
    node, problems = load(b"'<<': x\n")
    assert problems == []
    assert node.keys() == ["<<"]


# --- tags, aliases, limits --------------------------------------------------------------------------


def test_python_tag_is_refused(each_loader):
    node, problems = load(b"id: a\nrun: !!python/object/apply:os.system [\"rm -rf /\"]\n")
    assert node is None
    assert where(problems) == [("SCH002", "tag", 2, 6)]
    assert problems[0].facts == {"tag": "!!python/object/apply:os.system"}


@pytest.mark.parametrize("src, tag", [(b"a: !foo x\n", "!foo"), (b"a: !!binary aGk=\n", "!!binary"),
                                      (b"a: !!set {x}\n", "!!set"), (b"a: !!timestamp 2024-01-01\n", "!!timestamp")])
def test_other_non_core_tags_are_refused(src, tag, each_loader):
    node, problems = load(src)
    assert node is None
    assert where(problems) == [("SCH002", "tag", 1, 4)]
    assert problems[0].facts == {"tag": tag}


def test_aliases_share_the_anchored_node(each_loader):
    node, problems = load(b"place: &hall \xe7\xa4\xbe\xe5\x8c\xba\nroom: *hall\nset: &s [1, 2]\nagain: *s\n")
    assert problems == []
    assert node.get("room") == Scalar("社区", 1, 8)
    assert node.get("again") is node.get("set")


def test_alias_inside_its_own_anchor_is_refused(each_loader):
    node, problems = load(b"a: &x [1, *x]\n")
    assert node is None
    assert where(problems) == [("SCH002", "alias", 1, 11)]
    assert problems[0].facts == {"anchor": "x"}


def test_undefined_alias_is_refused(each_loader):
    node, problems = load(b"a: *nowhere\n")
    assert where(problems) == [("SCH002", "alias", 1, 4)]


def test_alias_bomb_is_refused_before_anyone_walks_it(each_loader):
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        prev, this = chr(ord("a") + i - 1), chr(ord("a") + i)
        lines.append(f"{this}: &{this} [" + ", ".join([f"*{prev}"] * 10) + "]")
    node, problems = load("\n".join(lines).encode())
    assert node is None
    assert [(p.code, p.variant) for p in problems] == [("SCH002", "expansion")]
    assert problems[0].facts == {"limit": yaml_loader.MAX_EXPANDED_NODES}


def test_deep_nesting_is_refused_without_crashing(each_loader):
    depth = 100_000       # libyaml's own composer would crash the interpreter here
    node, problems = load(b"a: " + b"[" * depth + b"]" * depth)
    assert node is None
    assert where(problems) == [("SCH002", "depth", 1, 4 + yaml_loader.MAX_DEPTH - 1)]


def test_nesting_up_to_the_limit_is_fine(each_loader):
    depth = yaml_loader.MAX_DEPTH - 1     # plus the root mapping
    node, problems = load(b"a: " + b"[" * depth + b"]" * depth)
    assert problems == []


# --- syntax ----------------------------------------------------------------------------------------


def test_tab_indentation_is_located_at_the_tab(each_loader):
    node, problems = load(b"id: a\nhistory:\n\t- date: 2024-01-01\n")
    assert node is None
    assert where(problems) == [("SCH002", "tab", 3, 1)]


def test_tab_after_spaces_in_indentation_is_located_at_the_tab(each_loader):
    node, problems = load(b"a:\n  b: 1\n  \tc: 2\n")
    assert where(problems) == [("SCH002", "tab", 3, 3)]


def test_syntax_error_is_located_at_the_problem_mark(each_loader):
    node, problems = load("id: a\n姓名: 张三: 李四\n".encode())
    assert node is None
    assert where(problems) == [("SCH002", "syntax", 2, 7)]   # the second colon
    assert problems[0].facts["detail"].startswith("mapping values are not allowed")


def test_bad_indentation_is_located_where_the_parser_stopped(each_loader):
    node, problems = load(b"a:\n  - 1\n b: 2\n")
    assert where(problems) == [("SCH002", "syntax", 3, 2)]


def test_unclosed_quote_is_a_syntax_error(each_loader):
    node, problems = load(b"a: \"x\nb: 1\n")
    assert [(p.code, p.variant) for p in problems] == [("SCH002", "syntax")]


def test_second_document_is_located_at_its_start(each_loader):
    node, problems = load(b"id: a\n---\nid: b\n")
    assert node is None
    assert where(problems) == [("SCH002", "multi", 2, 1)]


# --- the loaders --------------------------------------------------------------------------------------


def test_c_loader_is_used_when_available():
    expected = yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader
    assert yaml_loader.LOADER is expected


@pytest.mark.skipif(not yaml.__with_libyaml__, reason="PyYAML built without libyaml")
@pytest.mark.parametrize("src", [
    "id: zhang-san\n姓名: 张三\nborn: 1968-05-12\nphone: \"13800000000\"\ngroup: 第一党小组\n"
    "dues:\n  category: retired\n  base:\n    - {from: 2024-01, amount: \"4200.00\"}\n"
    "history:\n  - {date: 1998-07-01, event: full}\n  - date: 2020-03-01\n    event: away\n"
    "    note: 外出务工\nroles:\n- role: &r group-leader\n  from: 2022-01-01\n  to:\n- role: *r\n"
    "notes: |\n  多次参加志愿服务。\n  2024年被评为优秀党员。\nflag: no\nempty: ~\nname: dup\nname: again\n",
    "- a\n- b\n",
    "a: b: c\n",
    "a:\n\tb: 1\n",
    "a: 1\n---\nb: 2\n",
    "<<: {a: 1}\n",
])
def test_c_and_pure_loaders_agree(src, monkeypatch):
    monkeypatch.setattr(yaml_loader, "LOADER", yaml.CSafeLoader)
    fast = load(src.encode())
    monkeypatch.setattr(yaml_loader, "LOADER", yaml.SafeLoader)
    pure = load(src.encode())
    assert fast[0] == pure[0]
    assert where(fast[1]) == where(pure[1])


def test_load_file_reads_relative_to_the_root(tmp_path):
    (tmp_path / "members").mkdir()
    (tmp_path / "members" / "a.yaml").write_bytes("id: a\n姓名: 甲\n".encode())
    node, problems = load_file(tmp_path, "members/a.yaml")
    assert problems == []
    assert node.get("姓名") == Scalar("甲", 2, 5)


def test_load_file_duplicate_key_location_carries_the_relative_path(tmp_path):
    (tmp_path / "a.yaml").write_bytes(b"x: 1\nx: 2\n")
    _, problems = load_file(tmp_path, "a.yaml")
    assert problems[0].location.path == "a.yaml"
    assert str(problems[0].location) == "a.yaml:2:1"


@pytest.mark.parametrize("name", ["missing.yaml", "folder"])
def test_unreadable_file_is_a_problem_not_an_exception(tmp_path, name):
    (tmp_path / "folder").mkdir()
    node, problems = load_file(tmp_path, name)
    assert node is None
    assert where(problems) == [("SCH001", "unreadable", 0, 0)]
    assert problems[0].facts["detail"]


# --- the message catalogue ----------------------------------------------------------------------------

SAMPLES = [b"\x00", b"a: \xe9", b"a: \x07", b"", b"- a", b"a: 1\na: 2", b"a:\n\tb: 1", b"a: b: c",
           b"a: 1\n---\nb: 2", b"<<: {}", b"a: !x y", b"? [a]\n: 1", b"a: *x", b"a: " + b"[" * 99 + b"]" * 99,
           "a: 1\nb： 2\n".encode()]


def test_every_problem_the_loader_makes_has_both_languages_and_hints(tmp_path):
    made = [p for src in SAMPLES for p in load(src)[1]]
    made += load_file(tmp_path, "missing.yaml")[1]
    assert {(p.code, p.variant) for p in made} | {("SCH002", "expansion")} == set(MESSAGES)
    for problem in made:
        zh, en, hint_zh, hint_en = (text.format(**problem.facts) for text in MESSAGES[problem.code, problem.variant])
        assert re.search(r"[\u4e00-\u9fff]", zh) and re.search(r"[\u4e00-\u9fff]", hint_zh)
        assert en.isascii() and hint_en.isascii() and en and hint_en


def test_tab_message_tells_to_indent_with_spaces():
    assert MESSAGES["SCH002", "tab"][2] == "用空格缩进，不要用制表符"
    assert MESSAGES["SCH002", "tab"][3] == "indent with spaces, not tabs"


# --- suppression comments -------------------------------------------------------------------------------


def test_suppression_on_a_line_with_content_applies_to_that_line():
    text = "id: a\nphone: x  # zhidu: ignore[SCH004]\n"
    assert suppressions(text) == (Suppression(2, ("SCH004",), 2, 11),)


def test_suppression_alone_applies_to_the_next_content_line():
    text = "id: a\n# zhidu: ignore[MTG001]\n\n# 说明：补开\n\ndate: 2024-01-05\n"
    assert suppressions(text) == (Suppression(6, ("MTG001",), 2, 1),)


def test_indented_suppression_alone_applies_to_the_next_line():
    text = "history:\n  # zhidu: ignore[DEV003]\n  - date: 2024-01-01\n"
    assert suppressions(text) == (Suppression(3, ("DEV003",), 2, 3),)


def test_file_suppression_has_line_zero():
    text = "# zhidu: ignore-file[DUE001]\nid: a\n"
    assert suppressions(text) == (Suppression(0, ("DUE001",), 1, 1),)


def test_multiple_codes_are_split_and_trimmed():
    text = "a: 1 #zhidu:ignore[ SCH004 ,MTG001,, QRM002 ]\n"
    assert suppressions(text) == (Suppression(1, ("SCH004", "MTG001", "QRM002"), 1, 6),)


def test_several_suppressions_in_file_order():
    text = "# zhidu: ignore-file[A1]\na: 1  # zhidu: ignore[B2]\n# zhidu: ignore[C3]\nb: 2\n"
    assert [(s.line, s.codes) for s in suppressions(text)] == [(0, ("A1",)), (2, ("B2",)), (4, ("C3",))]


def test_hash_inside_quoted_values_is_not_a_comment():
    text = ("title: \"第 3 次 # zhidu: ignore[SCH004]\"\n"
            "note: 'x # zhidu: ignore[SCH005]'\n"
            "place: \"a # b\"  # zhidu: ignore[SCH006]\n")
    assert suppressions(text) == (Suppression(3, ("SCH006",), 3, 17),)


def test_hash_inside_a_block_scalar_is_not_a_comment():
    text = "notes: |\n  # zhidu: ignore[SCH004]\n  text\nid: a\n"
    assert suppressions(text) == ()


def test_hash_without_whitespace_before_it_is_not_a_comment():
    assert suppressions("url: http://x/#zhidu:ignore[SCH004]\n") == ()


def test_suppression_at_the_end_stays_on_its_own_line():
    assert suppressions("id: a\n# zhidu: ignore[SCH004]\n") == (Suppression(2, ("SCH004",), 2, 1),)


def test_suppression_without_codes_is_ignored():
    assert suppressions("a: 1  # zhidu: ignore[]\n") == ()


def test_suppressions_still_found_after_a_syntax_error():
    text = "a: b: c\nd: 1  # zhidu: ignore[SCH002]\n"
    assert suppressions(text) == (Suppression(2, ("SCH002",), 2, 7),)


def test_bom_does_not_shift_suppression_columns():
    assert suppressions("\ufeffa: 1 # zhidu: ignore[X1]\n") == (Suppression(1, ("X1",), 1, 6),)


def test_suppressions_survive_text_the_loader_would_refuse(each_loader):
    text = "a: \x07\nb: 1  # zhidu: ignore[SCH001]\n"
    assert suppressions(text) == (Suppression(2, ("SCH001",), 2, 7),)
