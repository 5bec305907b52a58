"""``# zhidu: ignore[CODE]`` comments: same line, next line, whole file; unused ones are SUP001.

The REF003 of an unknown group (``group: gx``) is the finding every test silences.
"""

from __future__ import annotations

AS_OF = "2025-12-31"
HISTORY = "history:\n  - {date: 2000-07-01, event: full}\n"


def found(repo, select=("REF", "SUP")):
    return [(f.code, f.location.path, f.location.line, f.location.column)
            for f in repo.check(AS_OF, select=select)]


def test_unsuppressed(repo):
    repo.member("a", "name: 甲\ngroup: gx\n" + HISTORY)
    assert found(repo) == [("REF003", "members/a.yaml", 2, 8)]


def test_same_line(repo):
    repo.member("a", "name: 甲\ngroup: gx  # zhidu: ignore[REF003]\n" + HISTORY)
    assert found(repo) == []


def test_same_line_does_not_reach_other_lines(repo):
    repo.member("a", "name: 甲  # zhidu: ignore[REF003]\ngroup: gx\n" + HISTORY)
    assert found(repo) == [("SUP001", "members/a.yaml", 1, 10), ("REF003", "members/a.yaml", 2, 8)]


def test_next_line_skipping_blanks_and_comments(repo):
    repo.member("a", "name: 甲\n# zhidu: ignore[REF003]\n\n# 待党小组成立后补\ngroup: gx\n" + HISTORY)
    assert found(repo) == []


def test_whole_file(repo):
    repo.member("a", "# zhidu: ignore-file[REF003]\nname: 甲\ngroup: gx\nroles:\n"
                     "  - {role: 组长, from: 2020-01-01, group: gy}\n" + HISTORY)
    assert found(repo) == []


def test_unused_is_reported_at_the_comment(repo):
    repo.member("a", "name: 甲\ngroup: g1  # zhidu: ignore[REF003]\n" + HISTORY)
    [finding] = repo.check(AS_OF, select=("REF", "SUP"))
    assert (finding.code, finding.location.line, finding.location.column) == ("SUP001", 2, 12)
    assert finding.message == "注释 ignore[REF003] 没有屏蔽任何问题"


def test_one_code_used_one_unused(repo):
    repo.member("a", "name: 甲\n# zhidu: ignore[REF003, REF004]\ngroup: gx\n" + HISTORY)
    [finding] = repo.check(AS_OF, select=("REF", "SUP"))
    assert (finding.code, finding.location.line, finding.facts["code"]) == ("SUP001", 2, "REF004")


def test_unused_suppression_of_a_disabled_code_is_not_reported(repo):
    repo.config("rules:\n  REF004: off\n")
    repo.member("a", "name: 甲\ngroup: g1  # zhidu: ignore[REF004]\n" + HISTORY)
    assert found(repo) == []


def test_unused_suppression_of_an_unselected_code_is_not_reported(repo):
    repo.member("a", "name: 甲\ngroup: g1  # zhidu: ignore[MTG001]\n" + HISTORY)
    assert found(repo) == []


def test_sup001_itself_can_be_turned_off(repo):
    repo.member("a", "name: 甲\ngroup: g1  # zhidu: ignore[REF003]\n" + HISTORY)
    assert found(repo, select=("REF",)) == []


def test_a_hash_inside_quotes_is_not_a_comment(repo):
    repo.member("a", "name: 甲\nnote: 'x # zhidu: ignore[REF003]'\ngroup: gx\n" + HISTORY)
    assert found(repo) == [("REF003", "members/a.yaml", 3, 8)]


def test_a_file_not_read_or_parsed_is_never_suppressed_out_of_existence(repo):
    repo.member("a", "# zhidu: ignore-file[SCH001]\n\n")        # comment only: an empty document, at 1:1
    repo.member("b", "# zhidu: ignore[SCH001]\n\n")
    repo.member("c", "# zhidu: ignore-file[SCH002]\nname: [\n")  # the whole record would vanish
    got = found(repo, select=("SCH", "SUP"))
    assert got == [("SCH001", "members/a.yaml", 1, 1), ("SUP001", "members/a.yaml", 1, 1),
                   ("SCH001", "members/b.yaml", 1, 1), ("SUP001", "members/b.yaml", 1, 1),
                   ("SUP001", "members/c.yaml", 1, 1), ("SCH002", "members/c.yaml", 3, 1)]
    sup = [f for f in repo.check(AS_OF, select=("SUP",)) if f.code == "SUP001"]
    assert {f.facts["code"] for f in sup} == {"SCH001", "SCH002"}
    assert all("不能屏蔽" in f.message for f in sup)
