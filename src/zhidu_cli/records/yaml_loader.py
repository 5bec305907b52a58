"""The positioned, safe YAML loader: bytes in, frozen nodes and located problems out.

Why not ``yaml.safe_load``: it forgets where every value was, keeps the last of two duplicate keys
without a word, and reads ``no`` as False, ``0123`` as 83, ``1:30`` as 90 and ``12.50`` as a float.
A secretary's record must mean what it says, and every complaint must point at a line.

How: the PyYAML loader (``CSafeLoader`` over libyaml when present, else the pure ``SafeLoader``) is
used only as an *event* source; its resolver and constructor never run, so no Python object is ever
built from the file and every scalar stays its source text. The events are folded into
:mod:`zhidu_cli.records.nodes` values by one loop with an explicit stack. Building from events
rather than from ``yaml.compose`` keeps three promises compose cannot:

* no recursion: libyaml's composer recurses on the C stack and crashes the interpreter (a segfault,
  not an exception) on a few tens of thousands of nested brackets; the Python one raises
  RecursionError at a few hundred;
* explicit tags are seen exactly as written (compose merges them with resolved ones);
* aliases cost nothing and cannot loop: an alias refers to the finished, immutable node of its
  anchor (shared, not copied), an alias inside its own anchor is refused, and a file whose aliases
  expand beyond :data:`MAX_EXPANDED_NODES` ("billion laughs") is refused before anyone walks it.

Contract for callers: the node is ``None`` exactly when the file is not one plain YAML document
(any SCH001 or SCH002 problem). Duplicate keys (SCH003, first value kept) and a root that is not a
mapping (SCH006) come *with* the node; all other shape checks belong to the schema.

Problems carry no text: :data:`MESSAGES` is this module's part of the message catalogue.
"""

from __future__ import annotations

import bisect
import codecs
import pathlib
import re
from dataclasses import dataclass

import yaml
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.reader import Reader

from zhidu_cli.diagnostics.finding import Location, Problem
from zhidu_cli.records.nodes import Mapping, Node, Scalar, Sequence

# The event source. Tests swap in ``yaml.SafeLoader`` to prove both paths agree.
LOADER: type = yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader

MAX_DEPTH = 64                    # records nest about six deep; more is a mistake or an attack
MAX_EXPANDED_NODES = 1_000_000    # nodes a file may amount to once every alias is expanded

_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_CORE = "tag:yaml.org,2002:"
# Explicit tags that change nothing here (the schema converts text itself), by node kind.
_SCALAR_TAGS = frozenset({"!", _CORE + "str", _CORE + "null", _CORE + "bool", _CORE + "int", _CORE + "float"})
_SEQUENCE_TAGS = frozenset({"!", _CORE + "seq"})
_MAPPING_TAGS = frozenset({"!", _CORE + "map"})
_FOREIGN_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_NON_PRINTABLE = Reader.NON_PRINTABLE   # exactly what YAML refuses, checked once up front

MESSAGES: dict[tuple[str, str], tuple[str, str, str, str]] = {
    ("SCH001", "binary"): (
        "文件含二进制内容（NUL 字节），不是 YAML 文本",
        "file contains binary data (NUL bytes), not YAML text",
        "记录库里只放 .yaml 文本文件，不要放图片、Word 文档或压缩包",
        "keep only .yaml text files here, not images, Word documents or archives",
    ),
    ("SCH001", "encoding"): (
        "文件不是 UTF-8 编码：字节 {byte} 无法解码",
        "file is not UTF-8: byte {byte} cannot be decoded",
        "用编辑器把文件另存为 UTF-8（用 GBK/GB2312 保存的文件常见此错）",
        "save the file again as UTF-8 (files saved as GBK or Latin-1 cause this)",
    ),
    ("SCH001", "control"): (
        "文件含不可见的控制字符 {char}，YAML 不允许",
        "file contains the invisible control character {char}, which YAML does not allow",
        "删除这个字符（多半是复制粘贴时带进来的）",
        "delete that character (it usually comes in with copy and paste)",
    ),
    ("SCH001", "empty"): (
        "文件是空的，没有任何记录内容",
        "file is empty: it holds no record",
        "填写记录内容，或者删除这个文件",
        "fill in the record or delete the file",
    ),
    ("SCH001", "unreadable"): (
        "无法读取文件：{detail}",
        "cannot read the file: {detail}",
        "检查文件是否存在、是否有读取权限",
        "check that the file exists and that you may read it",
    ),
    ("SCH002", "syntax"): (
        "YAML 语法错误：{detail}",
        "YAML syntax error: {detail}",
        "检查这一行和上一行：缩进是否对齐、冒号后是否有空格、引号和括号是否成对",
        "check this line and the one above: indentation, a space after each colon, matching quotes and brackets",
    ),
    ("SCH002", "tab"): (
        "这里有制表符（Tab），YAML 不允许用它缩进或分隔",
        "a tab character here: YAML does not allow tabs for indentation",
        "用空格缩进，不要用制表符",
        "indent with spaces, not tabs",
    ),
    ("SCH002", "fullwidth"): (
        "这里的冒号是全角“：”，YAML 只认半角冒号",
        "a full-width colon (U+FF1A) here: YAML only understands ':'",
        "改为半角冒号加空格，如“name: 王五”（中文输入法下输入的冒号常是全角）",
        "write an ASCII colon and a space, e.g. 'name: Wang Wu' (Chinese input methods type the full-width one)",
    ),
    ("SCH002", "multi"): (
        "一个文件只能写一份记录，这里开始了第二份文档",
        "one record per file: a second YAML document starts here",
        "删除多余的“---”，或把第二份记录移到单独的文件",
        "remove the extra '---' or move the second record to its own file",
    ),
    ("SCH002", "merge"): (
        "不支持合并键“<<”：它会隐藏字段的真实来源",
        "merge keys ('<<') are not supported: they hide where a value comes from",
        "把需要的字段逐一写出来",
        "write the fields out in full",
    ),
    ("SCH002", "tag"): (
        "不支持 YAML 标签 {tag}",
        "YAML tag {tag} is not supported",
        "删除这个标签；要表示文字，给值加上引号即可",
        "remove the tag; to mean text, put the value in quotes",
    ),
    ("SCH002", "key"): (
        "键必须是简单的文字，不能是列表或映射",
        "a key must be plain text, not a {found}",
        "把键改成一个词，例如“name:”",
        "use a single word as the key, such as 'name:'",
    ),
    ("SCH002", "alias"): (
        "别名 *{anchor} 没有对应的、已写完的锚点 &{anchor}",
        "alias *{anchor} does not refer to a finished anchor &{anchor}",
        "锚点要写在别名之前，别名也不能出现在它所引用的内容内部",
        "define the anchor before the alias, and never use an alias inside the value it names",
    ),
    ("SCH002", "depth"): (
        "嵌套超过 {limit} 层",
        "nested more than {limit} levels deep",
        "记录用不到这么深的结构，检查括号和缩进",
        "records never need such depth: check brackets and indentation",
    ),
    ("SCH002", "expansion"): (
        "别名展开后超过 {limit} 个值",
        "aliases expand to more than {limit} values",
        "不要层层套用别名，直接写出需要的值",
        "do not stack aliases on aliases; write the values out",
    ),
    ("SCH003", ""): (
        "键“{key}”重复：第 {first_line} 行已经写过",
        "duplicate key '{key}': already given on line {first_line}",
        "删除或合并重复的键；zhidu 只采用第一次出现的值",
        "remove or merge the duplicate; zhidu uses the first value only",
    ),
    ("SCH006", "root"): (
        "文件最外层应当是“键: 值”形式的映射，不能是列表或单个值",
        "the top level of the file must be a mapping of keys to values, found a {found}",
        "按记录格式，最外层的每一行以“字段名:”开头",
        "follow the records format: each top-level line starts with 'field:'",
    ),
}


def load_file(root: pathlib.Path, relpath: str) -> tuple[Node | None, list[Problem]]:
    """Load ``root / relpath``; an unreadable file is a problem like any other, never an exception."""
    try:
        data = (root / relpath).read_bytes()
    except OSError as error:
        return None, [Problem("SCH001", Location(relpath), {"detail": error.strerror or str(error)}, "unreadable")]
    return load_yaml(data, relpath)


def load_yaml(data: bytes, path: str) -> tuple[Node | None, list[Problem]]:
    """Read one records file. ``path`` (repository-relative) is stamped on every location."""
    text, problem = _decode(data, path)
    if problem is not None:
        return None, [problem]
    return _load_with(LOADER, text, path)


def _load_with(source: type, text: str, path: str) -> tuple[Node | None, list[Problem]]:
    """Build the nodes of decoded ``text`` from the events of the PyYAML loader class ``source``."""
    loader = source(text)
    try:
        root, problems, fatal = _build(loader, path)
    except yaml.MarkedYAMLError as error:
        if source is not yaml.SafeLoader and "nesting depth" in (error.problem or ""):
            # libyaml ≥ 0.2.6 refuses nesting beyond 1000 while scanning ahead, before our own
            # depth limit sees the events. The pure reader reaches MAX_DEPTH first and reports it
            # where it happens, so both builds of PyYAML give the same located SCH002 "depth".
            return _load_with(yaml.SafeLoader, text, path)
        return None, [_syntax_problem(error, text, path)]
    except yaml.YAMLError as error:   # marks are missing only on errors the pre-checks already exclude
        return None, [Problem("SCH002", Location(path), {"detail": str(error)}, "syntax")]
    finally:
        loader.dispose()
    if fatal:
        return None, problems
    if root is None or (isinstance(root, Scalar) and root.null):
        return None, [*problems, Problem("SCH001", Location(path, 1, 1), {}, "empty")]
    if not isinstance(root, Mapping):
        found = "sequence" if isinstance(root, Sequence) else "scalar"
        problems.append(Problem("SCH006", Location(path, root.line, root.column),
                                {"expected": "mapping", "found": found}, "root"))
    return root, problems


def _decode(data: bytes, path: str) -> tuple[str, Problem | None]:
    """UTF-8 only, BOM allowed; refuse what YAML would misread, with the place of the first bad byte."""
    if data.startswith(_FOREIGN_BOMS):   # UTF-16/32: say "encoding", not "binary", though NULs follow
        return "", Problem("SCH001", Location(path, 1, 1), {"byte": f"0x{data[0]:02X}"}, "encoding")
    if b"\x00" in data:
        before = data[: data.index(b"\x00")]
        line = before.count(b"\n") + 1
        column = len(before) - (before.rfind(b"\n") + 1) + 1
        return "", Problem("SCH001", Location(path, line, column), {}, "binary")
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8):]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line, column = _position(data[: error.start].decode("utf-8"))
        return "", Problem("SCH001", Location(path, line, column), {"byte": f"0x{data[error.start]:02X}"},
                           "encoding")
    bad = _NON_PRINTABLE.search(text)
    if bad:
        line, column = _position(text[: bad.start()])
        return "", Problem("SCH001", Location(path, line, column), {"char": f"U+{ord(bad.group()):04X}"},
                           "control")
    return text, None


def _position(prefix: str) -> tuple[int, int]:
    """1-based line and column of the character right after ``prefix``, counting YAML's line breaks."""
    lines = prefix.splitlines(keepends=True)
    if not lines:
        return 1, 1
    last = lines[-1]
    if last.splitlines()[0] != last:   # the prefix ends with a line break
        return len(lines) + 1, 1
    return len(lines), len(last) + 1


def _build(loader, path: str) -> tuple[Node | None, list[Problem], bool]:
    """Fold the event stream into nodes: (root, problems, fatal). One loop, no recursion.

    The innermost open collection lives in local variables (its items, its pending key, the keys it has
    seen …) and is saved on ``stack`` while a nested one is open: a local is read several times faster
    than an attribute, and this loop runs once per YAML event (millions at street-office scale).
    """
    problems: list[Problem] = []
    fatal = False
    stack: list[tuple] = []                       # the saved state of each enclosing open collection
    anchors: dict[str, tuple[Node, int]] = {}     # finished anchored nodes and their expanded sizes
    expanded = 0
    root: Node | None = None
    documents = 0
    get_event = loader.get_event
    new = tuple.__new__       # nodes are named tuples: built in one C call, no keyword handling
    # the innermost open collection; ``items`` is None while none is open
    items: list | None = None                     # nodes, or (key, value) pairs for a mapping
    in_mapping = False
    key: Scalar | None = None                     # a mapping's key awaiting its value
    seen: dict[str, int] | None = None            # a mapping's keys → line of first use
    skip = False                                  # drop the next value (its key was refused)
    opened = (0, 0, None, 0)                      # its line, column, anchor, expanded count when it opened

    def refuse(variant: str, line: int, column: int, facts: dict) -> None:
        nonlocal fatal
        fatal = True
        problems.append(Problem("SCH002", Location(path, line, column), facts, variant))

    while True:
        event = get_event()
        kind = event.__class__
        if kind is ScalarEvent:
            mark = event.start_mark
            tag = event.tag
            if tag is None:
                if event.style:
                    node = new(Scalar, (event.value, mark.line + 1, mark.column + 1, True, False))
                elif event.value in _NULLS:
                    node = new(Scalar, ("", mark.line + 1, mark.column + 1, False, True))
                else:
                    node = new(Scalar, (event.value, mark.line + 1, mark.column + 1, False, False))
            else:
                line, column = mark.line + 1, mark.column + 1
                if tag not in _SCALAR_TAGS:
                    refuse("tag", line, column, {"tag": _short_tag(tag)})
                if tag == _CORE + "null":
                    node = Scalar("", line, column, False, True)
                else:
                    quoted = bool(event.style) or tag == "!" or tag == _CORE + "str"
                    node = Scalar(event.value, line, column, quoted)
            size = 1
            expanded += 1
            anchor = event.anchor
        elif kind is MappingStartEvent or kind is SequenceStartEvent:
            mark = event.start_mark
            is_mapping = kind is MappingStartEvent
            if event.tag is not None and event.tag not in (_MAPPING_TAGS if is_mapping else _SEQUENCE_TAGS):
                refuse("tag", mark.line + 1, mark.column + 1, {"tag": _short_tag(event.tag)})
            if len(stack) >= MAX_DEPTH:
                refuse("depth", mark.line + 1, mark.column + 1, {"limit": MAX_DEPTH})
                break
            stack.append((items, in_mapping, key, seen, skip, opened))
            items, in_mapping, key, seen, skip = [], is_mapping, None, {} if is_mapping else None, False
            opened = (mark.line + 1, mark.column + 1, event.anchor, expanded)
            expanded += 1
            continue
        elif kind is MappingEndEvent or kind is SequenceEndEvent:
            line, column, anchor, start = opened
            node = new(Mapping if in_mapping else Sequence, (tuple(items), line, column))
            size = expanded - start
            items, in_mapping, key, seen, skip, opened = stack.pop()
        elif kind is AliasEvent:
            mark = event.start_mark
            target = anchors.get(event.anchor)
            if target is None:
                refuse("alias", mark.line + 1, mark.column + 1, {"anchor": event.anchor})
                target = (Scalar("", mark.line + 1, mark.column + 1, False, True), 1)
            node, size = target
            expanded += size
            if expanded > MAX_EXPANDED_NODES:
                refuse("expansion", mark.line + 1, mark.column + 1, {"limit": MAX_EXPANDED_NODES})
                break
            anchor = None
        elif kind is DocumentStartEvent:
            documents += 1
            if documents > 1:
                mark = event.start_mark
                refuse("multi", mark.line + 1, mark.column + 1, {})
                break
            continue
        elif kind is StreamEndEvent:
            break
        else:   # stream start, document end
            continue

        if anchor is not None:
            anchors[anchor] = (node, size)
        if items is None:
            root = node
        elif not in_mapping:
            items.append(node)
        elif key is not None:
            items.append((key, node))
            key = None
        elif skip:
            skip = False
        elif node.__class__ is Scalar and node[0] not in seen and (node[0] != "<<" or node[3]):
            seen[node[0]] = node[1]      # the usual key, inline: one call fewer per key
            key = node
        else:
            key, skip = _take_key(node, seen, path, problems, refuse)
    return root, problems, fatal


def _take_key(node: Node, seen: dict[str, int], path: str, problems: list[Problem], refuse) -> tuple[Scalar | None, bool]:
    """Accept a mapping key, or refuse it: (the key awaiting its value, whether to drop the value)."""
    if not isinstance(node, Scalar):
        refuse("key", node.line, node.column, {"found": "sequence" if isinstance(node, Sequence) else "mapping"})
        return None, True
    if node.value == "<<" and not node.quoted:
        refuse("merge", node.line, node.column, {})
        return None, True
    if node.value in seen:
        problems.append(Problem("SCH003", Location(path, node.line, node.column),
                                {"key": node.value, "first_line": seen[node.value]}))
        return None, True
    seen[node.value] = node.line
    return node, False


def _short_tag(tag: str) -> str:
    return "!!" + tag[len(_CORE):] if tag.startswith(_CORE) else tag


# A key followed by a full-width colon, at the start of a line, a list item or a flow mapping entry.
_FULLWIDTH_KEY = re.compile(r"^\s*(?:-\s+)?\{?\s*[^\s:：#'\"{}\[\],]+\s*(：)")


def _syntax_problem(error: yaml.MarkedYAMLError, text: str, path: str) -> Problem:
    """A parse error at its mark; called "tab" when a tab is what broke it (the commonest cause)."""
    mark = error.problem_mark or error.context_mark
    if mark is None:
        return Problem("SCH002", Location(path), {"detail": error.problem or str(error)}, "syntax")
    lines = text.splitlines()
    line_text = lines[mark.line] if mark.line < len(lines) else ""
    indentation = line_text[: len(line_text) - len(line_text.lstrip(" \t"))]
    if line_text[mark.column: mark.column + 1] == "\t":
        return Problem("SCH002", Location(path, mark.line + 1, mark.column + 1), {}, "tab")
    if "\t" in indentation:
        return Problem("SCH002", Location(path, mark.line + 1, indentation.index("\t") + 1), {}, "tab")
    for number in (mark.line, mark.line - 1):      # the error is often reported on the next line
        key = _FULLWIDTH_KEY.match(lines[number]) if 0 <= number < len(lines) else None
        if key:
            return Problem("SCH002", Location(path, number + 1, key.start(1) + 1), {}, "fullwidth")
    return Problem("SCH002", Location(path, mark.line + 1, mark.column + 1),
                   {"detail": error.problem or str(error)}, "syntax")


# ---------------------------------------------------------------------------------------------------
# Suppression comments


@dataclass(frozen=True)
class Suppression:
    """``# zhidu: ignore[CODE, ...]``: silences those codes on ``line`` (0 = the whole file).

    ``comment_line``/``comment_column`` locate the comment itself, so an unused one can be reported.
    """

    line: int
    codes: tuple[str, ...]
    comment_line: int
    comment_column: int


# A comment starts at '#' that begins the line or follows whitespace (YAML's own rule).
_SUPPRESSION = re.compile(r"(?:^|(?<=\s))#\s*zhidu:\s*(ignore-file|ignore)\s*\[([^\]]*)\]")


def suppressions(text: str) -> tuple[Suppression, ...]:
    """Every suppression comment in ``text``, in file order.

    A comment with content before it on its line applies to that line; a comment alone on its line
    applies to the next line that is neither blank nor a comment (or to its own line at the end of
    the file, where it can only be reported unused). ``ignore-file`` applies to the whole file.
    Codes are kept as written (trimmed); a comment without any code is not a suppression.

    To tell a comment from a ``#`` inside a quoted or block scalar, the file is tokenised with the
    same YAML scanner as the loader and candidates inside those scalars are dropped. Where the
    scanner stops at a syntax error, the rest of the file falls back to the plain YAML rule above.
    Files without ``zhidu:`` skip all this work.
    """
    if "zhidu:" not in text:
        return ()
    text = text.removeprefix("\ufeff")
    lines = text.splitlines()
    scalar_spans = _quoted_scalar_spans(text)
    starts = [span[0] for span in scalar_spans]
    found: list[Suppression] = []
    for index, line_text in enumerate(lines):
        for match in _SUPPRESSION.finditer(line_text):
            where = (index, match.start())
            inside = bisect.bisect_right(starts, where) - 1
            if inside >= 0 and where < scalar_spans[inside][1]:
                continue
            codes = tuple(code.strip() for code in match.group(2).split(",") if code.strip())
            if not codes:
                continue
            if match.group(1) == "ignore-file":
                target = 0
            else:
                before = line_text[: match.start()].strip()
                target = index + 1 if before and not before.startswith("#") else _next_content_line(lines, index)
            found.append(Suppression(target, codes, index + 1, match.start() + 1))
    return tuple(found)


def _next_content_line(lines: list[str], index: int) -> int:
    """1-based number of the first line after ``index`` that is neither blank nor a comment."""
    for later in range(index + 1, len(lines)):
        stripped = lines[later].strip()
        if stripped and not stripped.startswith("#"):
            return later + 1
    return index + 1


def _quoted_scalar_spans(text: str) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """(start, end) as 0-based (line, column) of every quoted and block scalar, in file order.

    Plain scalars need no span: a ``#`` after whitespace ends a plain scalar, so it is a comment.
    """
    spans = []
    try:
        loader = LOADER(text)     # the pure reader already refuses control characters here
    except yaml.YAMLError:
        return spans
    try:
        while True:
            token = loader.get_token()
            if token is None or token.__class__ is yaml.StreamEndToken:
                break
            if token.__class__ is yaml.ScalarToken and not token.plain:
                start, end = token.start_mark, token.end_mark
                spans.append(((start.line, start.column), (end.line, end.column)))
    except yaml.YAMLError:
        pass   # keep the spans found so far; the rest of the file uses the plain rule
    finally:
        loader.dispose()
    return spans
