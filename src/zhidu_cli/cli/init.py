"""``zhidu init DIR``: write a valid, commented skeleton records repository."""

from __future__ import annotations

import pathlib
from typing import Optional

import typer

from zhidu_cli.cli.common import AsOfOption, fail, parse_as_of, stderr
from zhidu_cli.fsutil import RefusedOverwrite, write_atomic

HELP = """新建一个带注释的记录仓库骨架 / create a commented skeleton records repository.

示例 / example:

  zhidu init my-branch && zhidu check my-branch
"""

SKELETON = pathlib.Path(__file__).resolve().parent.parent / "skeleton"


def init(
    directory: pathlib.Path = typer.Argument(..., help="要创建的目录 / the folder to create"),
    force: bool = typer.Option(False, "--force", help="目录非空时仍写入（覆盖同名文件）"),
    as_of: Optional[str] = AsOfOption,
) -> None:
    start = parse_as_of(as_of).replace(day=1)
    if directory.exists() and not directory.is_dir():
        fail(f"{directory} exists and is not a folder / 已存在同名文件")
    if directory.is_dir() and any(directory.iterdir()) and not force:
        fail(f"{directory} is not empty / 目录非空", "use --force to write into it anyway / 加 --force 仍写入")
    written = 0
    for source in sorted(SKELETON.rglob("*")):
        if source.is_dir() or source.name == "__pycache__":
            continue
        target = directory / source.relative_to(SKELETON)
        data = source.read_bytes()
        if source.name == "zhidu.yaml":   # a new repository starts being checked this month, so it starts clean
            data = data.replace(b"records_start: 2025-01-01", f"records_start: {start}".encode())
        try:
            write_atomic(target, data, force=force)
        except RefusedOverwrite:
            fail(f"{target} exists / 文件已存在", "use --force / 加 --force 覆盖")
        except OSError as error:
            fail(f"cannot write {target}: {error.strerror or error} / 无法写入")
        written += 1
    stderr().print(f"已创建记录仓库 {directory}（{written} 个文件）。下一步：zhidu check {directory}", markup=False)
