"""``zhidu site -o DIR``: the static, read-only dashboard of a branch or a street workspace.

Thin: open, build into a temporary folder beside DIR (:mod:`zhidu_cli.site.build`), swap it in. A
non-empty DIR that zhidu did not make is refused without ``--force``; a failure leaves DIR as it was.
"""

from __future__ import annotations

import pathlib
import sys
from typing import Optional

import typer

from zhidu_cli.cli.common import (AsOfOption, BranchOption, JobsOption, maybe_workspace, EXIT_CLEAN, EXIT_USAGE, LangOption, RepoArg, RepoOption, as_of_given, at,
                                  fail, load,
                                  parse_as_of, pick_repo, resolve_lang)
from zhidu_cli.cli.street import report_errors

HELP = """生成只读的静态网站（看板）：概览、检查问题、会议日历、党费、发展党员、会议记录与公示 / a static dashboard site.

不含 JavaScript、不联网，可直接用浏览器打开（file://）或发布到 GitHub/GitLab Pages；不显示电话、身份证号、住址。

示例 / examples:

  zhidu site examples/records -o site --as-of 2025-12-31

  zhidu site examples/street -o site --as-of 2025-12-31      # 街道工作区：各支部及街道概览

  zhidu site . -o public --no-members --lang en
"""


def site(
    repo: pathlib.Path = RepoArg,
    repo_option: Optional[pathlib.Path] = RepoOption,
    output: pathlib.Path = typer.Option(..., "--output", "-o", metavar="DIR", help="输出目录 / output folder"),
    as_of: Optional[str] = AsOfOption,
    lang: Optional[str] = LangOption,
    no_members: bool = typer.Option(False, "--no-members", help="不生成成员页面和逐人名单 / no member pages"),
    force: bool = typer.Option(False, "--force", help="覆盖非 zhidu 生成的非空目录 / overwrite a folder zhidu did not make"),
    branch: Optional[str] = BranchOption,
    jobs: Optional[int] = JobsOption,
) -> None:
    from zhidu_cli.site.build import SiteError, Writer, build_branch, build_street_index, discard, prepare, publish
    from zhidu_cli.workspace import check

    day = parse_as_of(as_of)
    target = pick_repo(repo, repo_option)
    chosen = resolve_lang(lang)
    layout = maybe_workspace(target, branch, lang)
    ws = None if layout is not None else at(load(target, lang=lang), day, as_of)
    try:
        tmp = prepare(output, force)
    except SiteError as error:
        fail(str(error))
    failed = False
    try:
        if ws is not None:
            build_branch(ws, check(ws, day), day, tmp, branch_id=ws.root.name, path=".", members=not no_members)
        else:
            from zhidu_cli.street.jobs import site_job
            from zhidu_cli.street.rollup import error_entry, rollup_document
            from zhidu_cli.street.runner import run_per_branch

            outcomes = run_per_branch(site_job, layout.targets(branch), day, as_of_given(as_of), chosen, str(tmp),
                                      not no_members,
                                      jobs=jobs)
            failed = report_errors(outcomes)
            entries = [o.value if o.ok else error_entry(o.target.id, o.target.path, o.error) for o in outcomes]
            document = rollup_document(entries, day, workspace=layout.display, with_names=False, lang=chosen or "zh")
            street = load(layout.root, lang=lang) if layout.own_records else None
            title = _street_title(layout)
            build_street_index(Writer(tmp, chosen or (street.lang if street else "zh")), document, title=title,
                               as_of=day)
        publish(tmp, output)
    except BaseException:
        discard(tmp)
        raise
    en = chosen == "en"
    sys.stderr.write(f"wrote the site to {output}/index.html\n" if en else f"已生成网站：{output}/index.html\n")
    raise typer.Exit(EXIT_USAGE if failed else EXIT_CLEAN)


def _street_title(layout) -> str:
    """The street's name from its zhidu.yaml (short name first), else its folder's name."""
    from zhidu_cli.records.yaml_loader import load_yaml

    node, _ = load_yaml((layout.root / "zhidu.yaml").read_bytes(), "zhidu.yaml")
    for key in ("short_name", "name"):
        value = node.get(key) if node is not None and hasattr(node, "get") else None
        if value is not None and getattr(value, "value", None):
            return value.value
    return layout.root.name
