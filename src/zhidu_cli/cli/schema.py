"""``zhidu schema``: the JSON Schemas of the records, for editors (docs/editors.md)."""

from __future__ import annotations

import enum
import pathlib
import sys
from typing import Optional

import typer

from zhidu_cli.cli.common import LangOption, fail, resolve_lang, stderr
from zhidu_cli.fsutil import RefusedOverwrite, write_atomic
from zhidu_cli.model.editor_schema import KINDS, all_schemas, dump, record_schema

HELP = """写出记录的 JSON Schema（draft-07），供编辑器补全和校验 / write the records' JSON Schemas for editors.

不给 -o 时把一种记录的 schema 输出到 stdout。见 docs/editors.md。
Without -o, prints one kind's schema on stdout. See docs/editors.md.

示例 / examples:

  zhidu schema -o .zhidu/schema

  zhidu schema member --lang en > member.schema.json
"""

Kind = enum.Enum("Kind", {name: name for name in KINDS}, type=str)


def schema(
    kind: Optional[Kind] = typer.Argument(None, show_default=False,
                                          help="记录种类 / record kind: " + ", ".join(KINDS)),
    output: Optional[pathlib.Path] = typer.Option(None, "-o", "--output", metavar="DIR",
                                                  help="写入该目录（每种记录一个 <kind>.schema.json）/ write into DIR"),
    force: bool = typer.Option(False, "--force", help="覆盖已有文件 / overwrite existing files"),
    lang: Optional[str] = LangOption,
) -> None:
    chosen = resolve_lang(lang) or "zh"
    if output is None:
        if kind is None:
            fail("name a record kind, or write them all with -o DIR / 请给出记录种类，或用 -o 目录 写出全部",
                 "kinds / 种类: " + ", ".join(KINDS))
        sys.stdout.write(dump(record_schema(kind.value, chosen)))
        return
    if output.exists() and not output.is_dir():
        fail(f"{output} exists and is not a folder / 已存在同名文件")
    schemas = all_schemas(chosen)
    if kind is not None:
        schemas = {KINDS[kind.value][0]: schemas[KINDS[kind.value][0]]}
    for name, document in schemas.items():
        try:
            write_atomic(output / name, dump(document), force=force)
        except RefusedOverwrite:
            fail(f"{output / name} exists / 文件已存在", "use --force to replace it / 加 --force 覆盖")
        except OSError as error:
            fail(f"cannot write {output / name}: {error.strerror or error} / 无法写入")
    stderr().print(f"wrote {len(schemas)} schema(s) to {output}" if chosen == "en"
                   else f"已写入 {len(schemas)} 个 schema：{output}", markup=False)
