"""``zhidu rollup``: per branch, the figures a street office watches — without private data.

Over a street workspace (every branch, in parallel), over one branch (what the branch's CI publishes),
or over a folder of published reports (``--from-reports``). The document and its schema are in
:mod:`zhidu_cli.street.rollup` and docs/street.md.
"""

from __future__ import annotations

import datetime as dt
import enum
import pathlib
import re
import sys
from typing import Any, Optional

import typer

from zhidu_cli.cli.common import (AsOfOption, BranchOption, JobsOption, maybe_workspace, EXIT_CLEAN, EXIT_USAGE, LangOption, RepoArg, RepoOption, as_of_given, fail, load,
                                  parse_as_of, pick_repo, print_table, resolve_lang, stdout, write_file)
from zhidu_cli.cli.street import report_errors

HELP = """汇总：每个支部的问题数、会议、逾期、党费、发展和民主评议（不含隐私信息）/ the roll-up of branches.

在街道工作区中汇总每个支部（并行）；在一个支部中汇总本支部（支部 CI 发布的报告就是它的 -f json）；
--from-reports 汇总各支部发布的 JSON 报告，无需读取任何记录。姓名只在 --with-names 时出现。

示例 / examples:

  zhidu rollup examples/street --as-of 2025-12-31

  zhidu rollup examples/street --as-of 2025-12-31 -f json > rollup.json

  zhidu rollup examples/street --as-of 2025-12-31 --xlsx 汇总.xlsx

  zhidu rollup examples/records --id nanyuan -f json -o report.json   # 支部 CI 发布 / a branch's CI

  zhidu rollup --from-reports reports/ --xlsx district.xlsx
"""


class RollupFormat(str, enum.Enum):
    table = "table"
    json = "json"


def slug(name: str) -> str:
    """A branch id from a folder name: ``Nanyuan_Records`` → ``nanyuan-records``."""
    text = re.sub(r"[^a-z0-9-]+", "-", name.lower()).strip("-")
    return text or "branch"


def build_document(repo: pathlib.Path, day: dt.date, explicit: bool, lang: Optional[str], *, with_names: bool,
                   branch: Optional[str], jobs: Optional[int], branch_id: Optional[str]) -> tuple[dict[str, Any], bool]:
    """The roll-up of a workspace or of one branch; (document, whether a branch could not be read)."""
    from zhidu_cli.street.jobs import rollup_job
    from zhidu_cli.street.rollup import branch_rollup, error_entry, rollup_document
    from zhidu_cli.street.runner import run_per_branch
    from zhidu_cli.workspace import as_of_view, check

    chosen = resolve_lang(lang)
    layout = maybe_workspace(repo, branch, lang)
    if layout is None:
        ws = load(repo, lang=lang)
        ws = as_of_view(ws, day) if explicit else ws
        entry = branch_rollup(ws, check(ws, day), day, branch_id=branch_id or slug(ws.root.name), path=".",
                              with_names=with_names)
        return rollup_document([entry], day, workspace=None, with_names=with_names, lang=ws.lang), False
    if branch_id is not None:
        fail("--id names a single branch's report; a workspace's branches have their ids / --id 只用于单个支部")
    outcomes = run_per_branch(rollup_job, layout.targets(branch), day, explicit, chosen, with_names, jobs=jobs)
    failed = report_errors(outcomes)
    entries = [o.value if o.ok else error_entry(o.target.id, o.target.path, o.error) for o in outcomes]
    out_lang = chosen or "zh"
    return rollup_document(entries, day, workspace=layout.display, with_names=with_names, lang=out_lang), failed


def from_reports(folder: pathlib.Path, as_of: Optional[str], lang: Optional[str], with_names: bool) -> dict[str, Any]:
    """The roll-up of published reports; names kept only with ``--with-names`` (and only where the
    branch published them)."""
    from zhidu_cli.cli.common import stderr
    from zhidu_cli.street.rollup import ReportError, read_reports, rollup_document

    if not folder.is_dir():
        fail(f"--from-reports {folder}: no such folder / 目录不存在")
    try:
        branches, dates = read_reports(folder)
    except ReportError as error:
        fail(str(error))
    if len(dates) > 1:
        stderr().print(f"reports of different dates: {', '.join(sorted(dates))} / 各报告的截至日期不同", markup=False)
    if not with_names:
        branches = [{k: v for k, v in b.items() if k != "names"} for b in branches]
    day = parse_as_of(as_of) if as_of else dt.date.fromisoformat(max(dates))
    return rollup_document(branches, day, workspace=str(folder), with_names=with_names, lang=resolve_lang(lang) or "zh")


def rollup(
    repo: pathlib.Path = RepoArg,
    repo_option: Optional[pathlib.Path] = RepoOption,
    as_of: Optional[str] = AsOfOption,
    lang: Optional[str] = LangOption,
    output_format: RollupFormat = typer.Option(RollupFormat.table, "--output-format", "-f",
                                               help="输出格式 table（默认）或 json（版本化的结构，见 docs/street.md）"),
    output: Optional[pathlib.Path] = typer.Option(None, "--output", "-o", metavar="FILE",
                                                  help="JSON 写入文件（原子写入）/ write the JSON to FILE"),
    xlsx: Optional[pathlib.Path] = typer.Option(None, "--xlsx", metavar="FILE", help="另存为 Excel 工作簿 / also an .xlsx"),
    force: bool = typer.Option(False, "--force", help="覆盖已有文件 / overwrite existing files"),
    reports: Optional[pathlib.Path] = typer.Option(None, "--from-reports", metavar="DIR",
                                                   help="汇总 DIR 中各支部发布的 JSON 报告 / roll up published reports"),
    with_names: bool = typer.Option(False, "--with-names", help="列出有关党员的姓名 / include members' names"),
    branch: Optional[str] = BranchOption,
    jobs: Optional[int] = JobsOption,
    branch_id: Optional[str] = typer.Option(None, "--id", metavar="ID",
                                            help="单个支部的编号（默认目录名）/ the branch id of a one-branch report"),
) -> None:
    from zhidu_cli.street.present import names_text, rollup_table, rollup_xlsx
    from zhidu_cli.street.rollup import dumps

    if branch_id is not None and not re.fullmatch(r"[a-z0-9][a-z0-9-]*", branch_id):
        fail(f"--id {branch_id!r}: lower-case letters, digits and hyphens / 只能用小写字母、数字和连字符")
    if reports is not None:
        if repo != pathlib.Path(".") or repo_option is not None or branch is not None:
            fail("--from-reports reads reports, not a repository / --from-reports 不与记录仓库同用")
        document, failed = from_reports(reports, as_of, lang, with_names), False
    else:
        document, failed = build_document(pick_repo(repo, repo_option), parse_as_of(as_of), as_of_given(as_of), lang,
                                          with_names=with_names, branch=branch, jobs=jobs, branch_id=branch_id)
    lang_out = document["lang"]
    if xlsx is not None:
        write_file(xlsx, rollup_xlsx(document, lang_out), force, "--xlsx")
    if output is not None:
        write_file(output, dumps(document), force)
    if output_format is RollupFormat.json:
        if output is None:
            sys.stdout.write(dumps(document))
    elif output is None:
        console = stdout()
        print_table(console, rollup_table(document, lang_out))
        if with_names:
            console.print(names_text(document, lang_out), markup=False)
    raise typer.Exit(EXIT_USAGE if failed else EXIT_CLEAN)
