"""``zhidu init DIR``: write a valid, commented skeleton records repository."""

from __future__ import annotations

import datetime as dt
import pathlib
import sys
from typing import Optional

import typer

from zhidu_cli import __version__
from zhidu_cli.cli.common import AsOfOption, fail, parse_as_of, parse_day, stderr
from zhidu_cli.fsutil import RefusedOverwrite, write_atomic
from zhidu_cli.model.editor_schema import SHIPPED

HELP = """新建一个带注释的记录仓库骨架 / create a commented skeleton records repository.

记录起始日期（records_start）：从这一天起记录完整、接受检查。用 --records-start 指定；在终端中未指定时会询问，
否则取本月 1 日并提示。/ The day the records begin: --records-start, asked for when interactive, else the
first day of this month (said on stderr).

示例 / example:

  zhidu init my-branch --records-start 2025-01-01 && zhidu check my-branch

写入记录骨架、编辑器 JSON Schema（.zhidu/schema/、.vscode/settings.json）、
GitHub Actions 与 GitLab CI 配置和 .yamllint；见 docs/editors.md、docs/ci.md。
Writes the skeleton, editor schemas, GitHub Actions and GitLab CI files and a .yamllint.
"""

SKELETON = pathlib.Path(__file__).resolve().parent.parent / "skeleton"


def skeleton_files(start) -> list[tuple[pathlib.PurePosixPath, bytes]]:
    """What ``zhidu init`` writes: the skeleton's files, and the editor schemas in ``.zhidu/schema/``
    (the records' ``yaml-language-server`` modelines and ``.vscode/settings.json`` point there, so an
    editor needs no network). The CI files install the zhidu version that wrote them."""
    files = []
    for source in sorted(SKELETON.rglob("*")):
        if source.is_dir() or "__pycache__" in source.parts:
            continue
        data = source.read_bytes()
        if source.name == "zhidu.yaml":   # the records begin on the day chosen
            data = data.replace(b"records_start: 2025-01-01", f"records_start: {start}".encode())
        data = data.replace(b"ZHIDU_VERSION", __version__.encode())
        files.append((pathlib.PurePosixPath(source.relative_to(SKELETON).as_posix()), data))
    files += [(pathlib.PurePosixPath(".zhidu/schema", path.name), path.read_bytes())
              for path in sorted(SHIPPED.glob("*.schema.json"))]
    return files


def init(
    directory: pathlib.Path = typer.Argument(..., help="要创建的目录 / the folder to create"),
    force: bool = typer.Option(False, "--force", help="目录非空时仍写入（覆盖同名文件）"),
    as_of: Optional[str] = AsOfOption,
    records_start: Optional[str] = typer.Option(
        None, "--records-start", metavar="YYYY-MM-DD",
        help="记录起始日期：此前结束的周期不检查，此后的事项连同其期限都检查（默认询问；非交互时为本月 1 日）"),
) -> None:
    start = _records_start(records_start, parse_as_of(as_of).replace(day=1))
    if directory.exists() and not directory.is_dir():
        fail(f"{directory} exists and is not a folder / 已存在同名文件")
    if directory.is_dir() and any(directory.iterdir()) and not force:
        fail(f"{directory} is not empty / 目录非空", "use --force to write into it anyway / 加 --force 仍写入")
    written = 0
    for relpath, data in skeleton_files(start):
        target = directory / relpath
        try:
            write_atomic(target, data, force=force)
        except RefusedOverwrite:
            fail(f"{target} exists / 文件已存在", "use --force / 加 --force 覆盖")
        except OSError as error:
            fail(f"cannot write {target}: {error.strerror or error} / 无法写入")
        written += 1
    stderr().print(f"已创建记录仓库 {directory}（{written} 个文件）。下一步：zhidu check {directory}\n"
                   "编辑器补全与校验：.zhidu/schema/ 与 .vscode/settings.json（docs/editors.md）；"
                   "CI：.github/workflows/zhidu.yml、.gitlab-ci.yml（docs/ci.md）", markup=False)


def interactive() -> bool:
    """Is a person at the keyboard (so that a question can be asked)?"""
    return sys.stdin.isatty()


def _records_start(given: Optional[str], default: dt.date) -> dt.date:
    """``--records-start``; else the answer to a question at a terminal; else ``default``, said aloud.

    Why not silently the current month: everything before ``records_start`` that ended there is not
    checked, so the day is the secretary's decision (issue 8.2), not a guess to discover later.
    """
    if given is not None:
        return parse_day(given, "--records-start")
    if interactive():
        answer = typer.prompt("记录从哪一天开始完整（records_start，YYYY-MM-DD）/ the day the records begin",
                              default=default.isoformat())
        return parse_day(answer, "records_start")
    stderr().print(f"records_start 取本月 1 日 {default}：此前结束的会议周期和党费月份不检查。若记录更早就完整，"
                   f"用 --records-start 指定或改 zhidu.yaml / records_start defaults to {default}; "
                   "give --records-start or edit zhidu.yaml", markup=False)
    return default
