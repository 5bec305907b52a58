"""``zhidu render``: minutes and notices from the records, through the sandboxed templates.

Thin: parse the options, ask :mod:`zhidu_cli.render.documents` for the context, render it with
:mod:`zhidu_cli.render.environment`, print or write it. Documents go to stdout; messages to stderr.
Every user mistake (unknown id, wrong kind, template error, existing file) exits 2 with a located
message, never a traceback.
"""

from __future__ import annotations

import datetime as dt
import enum
import os
import pathlib
import sys
from typing import Any, Optional

import typer

from zhidu_cli.cli.common import (AsOfOption, LangOption, at, fail, load, parse_as_of, parse_day, resolve_lang,
                                  stdout, write_file)
from zhidu_cli.model.fields import YEARS
from zhidu_cli.fsutil import KIND_ZH
from zhidu_cli.records.repository import NotARepository, find_root
from zhidu_cli.render import (TemplateFailure, list_templates, make_environment, markdown_to_html,
                              render_template)
from zhidu_cli.render import documents as D
from zhidu_cli.schedule.months import YearMonth
from zhidu_cli.workspace import Workspace

HELP = """生成会议记录和公示 / render minutes and notices.

示例 / examples:

  zhidu render minutes 2025-03-05-branch-committee

  zhidu render notice development-target chen-siyu --as-of 2025-06-02

  zhidu render notice dues --month 2025-03 --to html -o 党费公示.html

  zhidu render minutes --all --year 2025 -o 会议记录/

  zhidu render --list
"""

render_app = typer.Typer(help=HELP, no_args_is_help=True, rich_markup_mode=None)


class Target(str, enum.Enum):
    md = "md"
    html = "html"


RepoOption = typer.Option(None, "-C", "--repo", show_default=False,
                          help="记录仓库（默认当前目录）/ records repository (default: current folder)")
OutputOption = typer.Option(None, "-o", "--output", show_default=False,
                            help="写入文件（默认输出到标准输出）；与 --all 一起时为目录 / write to this file "
                                 "(default stdout); a folder with --all")
NoticeOutputOption = typer.Option(None, "-o", "--output", show_default=False,
                                  help="写入文件（默认输出到标准输出）/ write to this file (default stdout)")
ForceOption = typer.Option(False, "--force", help="覆盖已存在的文件 / overwrite existing files")
ToOption = typer.Option(Target.md, "--to", help="md（Markdown）或 html（可打印的 A4 网页）/ md or printable html")


def _repo(ctx: typer.Context, repo: Optional[pathlib.Path]) -> pathlib.Path:
    """``-C`` given to the subcommand, else to ``zhidu render``, else the current folder."""
    if repo is not None:
        return repo
    parent = (ctx.obj or {}).get("repo") if isinstance(ctx.obj, dict) else None
    return parent or pathlib.Path(".")


@render_app.callback(invoke_without_command=True)
def render_root(
    ctx: typer.Context,
    show_list: bool = typer.Option(False, "--list", help="列出将使用的模板及其来源 / list the templates "
                                                         "that would be used, and from where"),
    repo: Optional[pathlib.Path] = RepoOption,
) -> None:
    """生成会议记录和公示 / render minutes and notices."""
    ctx.obj = {"repo": repo}
    if show_list:
        _print_list(repo or pathlib.Path("."))
        raise typer.Exit()
    if ctx.invoked_subcommand is None:
        typer.echo(ctx.get_help())


def _print_list(repo: pathlib.Path) -> None:
    """One line per template: name, where it comes from, the file, what it shadows, what it is for."""
    try:
        root: pathlib.Path | None = find_root(repo)
    except NotARepository:
        root = None
    purposes = {D.MINUTES_TEMPLATE: "会议记录 minutes", D.MACROS_TEMPLATE: "共用宏 shared macros"}
    purposes.update({kind.template: f"{kind.title_zh} notice {kind.key}" for kind in D.NOTICE_KINDS.values()})
    out = stdout()
    if root is None:
        out.print("（不在记录仓库中，只列出内置模板 / not in a records repository: built-in templates only）",
                  markup=False)
    try:
        sources = list_templates(root)
    except TemplateFailure as error:
        fail(f"{_shown_path(error.template_path, root)}: {error.message}")
    for source in sources:
        origin = "仓库 repository" if source.origin == "repository" else "内置 built-in"
        shown = _shown_path(source.path, root)
        line = f"{source.name:<34} {origin:<15} {shown}"
        if source.problem:
            line += (f"  （不可用：是{KIND_ZH.get(source.problem, source.problem)}，渲染时报错"
                     f" / unusable: a {source.problem}, renders fail）")
        elif source.shadows is not None:
            line += f"  （覆盖内置 shadows {source.shadows}）"
        purpose = purposes.get(source.name)
        if purpose:
            line += f"  — {purpose}"
        out.print(line, markup=False)


def _shown_path(path: pathlib.Path | str, root: pathlib.Path | None) -> str:
    """A template file as a user finds it: relative to the repository, else the full path."""
    absolute = pathlib.Path(os.path.abspath(path))      # the name as written (templates/x), not where a link leads
    resolved = pathlib.Path(path).resolve()
    for candidate in (absolute, resolved):
        if root is not None and candidate.is_relative_to(root.resolve()):
            return candidate.relative_to(root.resolve()).as_posix()
    return str(resolved)


def _template_error(error: TemplateFailure, ws: Workspace) -> None:
    where = _shown_path(error.template_path, ws.root)
    if ws.display not in (".", "") and not pathlib.Path(where).is_absolute():
        where = f"{pathlib.Path(ws.display).as_posix()}/{where}"
    location = f"{where}:{error.line}" if error.line else where
    fail(f"{location}: {error.message}",
         "模板有误，未生成文书 / the template is wrong: nothing was rendered")


def _document_error(error: D.DocumentError, lang: str) -> None:
    hint = ""
    if error.suggestions:
        close = ", ".join(error.suggestions)
        hint = f"did you mean: {close}" if lang == "en" else f"是否要找：{close}"
    fail(error.message(lang), hint)


def _render(ws: Workspace, env: Any, context: dict[str, Any], target: Target) -> str:
    """Render one context with its template; HTML wraps the Markdown as a printable page."""
    try:
        text = render_template(env, context["document"]["template"], context)
    except TemplateFailure as error:
        _template_error(error, ws)
    if target is Target.html:
        return markdown_to_html(text, context["document"]["title"])
    return text


def _emit(text: str, output: Optional[pathlib.Path], force: bool) -> None:
    if output is None or str(output) == "-":      # -o - : stdout, as the Unix tools read it
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    write_file(output, text, force)


def _open(ctx: typer.Context, repo: Optional[pathlib.Path], lang: Optional[str], day: dt.date,
          as_of: Optional[str]) -> tuple[Workspace, str]:
    ws = at(load(_repo(ctx, repo), lang=lang), day, as_of)
    return ws, resolve_lang(lang) or ws.lang


def _date_option(text: Optional[str], option: str) -> Optional[dt.date]:
    return None if text is None else parse_day(text, option)


@render_app.command("minutes")
def minutes(
    ctx: typer.Context,
    meeting_id: Optional[str] = typer.Argument(None, help="会议编号（文件名，不含 .yaml）/ meeting id",
                                                show_default=False),
    all_meetings: bool = typer.Option(False, "--all", help="一年中每次会议的记录，写入 -o 目录 / every "
                                                           "meeting of a year, into the -o folder"),
    year: Optional[int] = typer.Option(None, "--year", min=YEARS.start, max=YEARS.stop - 1, help="与 --all 一起：年份（默认检查日期所在年）/ "
                                                            "with --all: the year (default: the as-of year)"),
    repo: Optional[pathlib.Path] = RepoOption,
    output: Optional[pathlib.Path] = OutputOption,
    force: bool = ForceOption,
    to: Target = ToOption,
    as_of: Optional[str] = AsOfOption,
    lang: Optional[str] = LangOption,
) -> None:
    """会议记录 / the minutes of a meeting (or of every meeting of a year).

    示例 / examples:

      zhidu render minutes 2025-03-05-branch-committee

      zhidu render minutes 2025-03-05-branch-committee --to html -o 会议记录.html

      zhidu render minutes --all --year 2025 -o 会议记录/
    """
    day = parse_as_of(as_of)
    if all_meetings and meeting_id:
        fail("--all 与会议编号不能同时使用 / give a meeting id or --all, not both")
    if not all_meetings and meeting_id is None:
        fail("缺少会议编号（或用 --all --year 年份 -o 目录）/ missing meeting id (or --all --year YEAR -o DIR)")
    if year is not None and not all_meetings:
        fail("--year 只与 --all 一起使用 / --year goes with --all")
    if all_meetings and output is None:
        fail("--all 需要 -o 目录 / --all needs -o DIR")
    ws, lang = _open(ctx, repo, lang, day, as_of)
    env = make_environment(ws.root)
    if not all_meetings:
        try:
            context = D.minutes_context(ws, meeting_id, as_of=day)
        except D.DocumentError as error:
            _document_error(error, lang)
        _emit(_render(ws, env, context, to), output, force)
        return
    _all_minutes(ws, env, year or day.year, output, force, to, day, lang)


def _all_minutes(ws: Workspace, env: Any, year: int, folder: pathlib.Path, force: bool, to: Target,
                 day: dt.date, lang: str) -> None:
    """Render every meeting of ``year`` first, then write: a template error or an existing file
    stops the run before anything is written, so the folder is never left half-updated."""
    if folder.exists() and not folder.is_dir():
        fail(f"{folder} 不是目录 / is not a folder")
    ids = D.meetings_of_year(ws, year)
    if not ids:
        fail(f"{year} 年没有会议记录 / no meetings in {year}")
    suffix = ".html" if to is Target.html else ".md"
    try:
        contexts = [(meeting_id, D.minutes_context(ws, meeting_id, as_of=day)) for meeting_id in ids]
    except D.DocumentError as error:
        _document_error(error, lang)
    rendered = [(folder / f"{meeting_id}{suffix}", _render(ws, env, context, to)) for meeting_id, context in contexts]
    for path in D.unloaded_meetings_of_year(ws, year):
        sys.stderr.write(f"warning: {path} did not load: its minutes were not rendered (zhidu check says why)\n"
                         if lang == "en" else f"注意：{path} 未能载入，未生成其会议记录（zhidu check 说明原因）\n")
    existing = [str(path) for path, _ in rendered if path.exists()]
    if existing and not force:
        fail(f"{len(existing)} 个文件已存在，未写入任何文件 / {len(existing)} file(s) exist, nothing was written: "
             + ", ".join(existing[:5]) + (" …" if len(existing) > 5 else ""),
             "加 --force 覆盖 / use --force to overwrite")
    for path, text in rendered:
        write_file(path, text, force=True)
    sys.stderr.write(f"已生成 {len(rendered)} 份会议记录：{folder} / wrote {len(rendered)} minutes to {folder}\n"
                     if lang != "en" else f"wrote {len(rendered)} minutes to {folder}\n")


@render_app.command("notice")
def notice(
    ctx: typer.Context,
    kind: str = typer.Argument(..., show_default=False,
                               help="公示种类 / kind: " + ", ".join(D.NOTICE_KINDS)),
    ids: Optional[list[str]] = typer.Argument(
        None, show_default=False,
        help="成员编号（development-target、conversion，可多个）、决定编号（decision）或会议编号"
             "（hearing、hearing-result、review-result）/ member, decision or meeting id(s)"),
    month: Optional[str] = typer.Option(None, "--month", help="党费公示的月份 YYYY-MM / month of the dues notice"),
    start: Optional[str] = typer.Option(None, "--from", help="公示开始日期（默认取记录中的日期，否则检查日期）"
                                                             "/ first day of the notice"),
    days: Optional[int] = typer.Option(None, "--days", min=1, max=365, help="公示工作日数（默认按规则参数，通常 5）/ "
                                                                   "working days (default: the rule's)"),
    repo: Optional[pathlib.Path] = RepoOption,
    output: Optional[pathlib.Path] = NoticeOutputOption,
    force: bool = ForceOption,
    to: Target = ToOption,
    as_of: Optional[str] = AsOfOption,
    lang: Optional[str] = LangOption,
) -> None:
    """公示 / a disclosure notice: development-target, conversion, dues, decision, hearing,
    hearing-result, review-result.

    示例 / examples:

      zhidu render notice development-target chen-siyu --as-of 2025-06-02

      zhidu render notice 党费 --month 2025-03 --to html -o 党费公示.html

      zhidu render notice decision 2025-10-waste-sorting-points --from 2025-10-20 --days 7
    """
    day = parse_as_of(as_of)
    first_day = _date_option(start, "--from")
    chosen_month = None
    if month is not None:
        try:
            chosen_month = YearMonth.parse(month)
        except ValueError:
            fail(f"--month {month!r} 不是月份 YYYY-MM / is not a month YYYY-MM")
        if chosen_month.year not in YEARS:
            fail(f"--month {month!r}: 年份应在 {YEARS.start}–{YEARS.stop - 1} 之间 / "
                 f"the year must be {YEARS.start}–{YEARS.stop - 1}")
    ws, lang = _open(ctx, repo, lang, day, as_of)
    try:
        context = D.notice_context(ws, kind, ids=ids or [], month=chosen_month, as_of=day,
                                   start=first_day, days=days)
    except D.DocumentError as error:
        _document_error(error, lang)
    _warn_uncovered(context, lang)
    _emit(_render(ws, make_environment(ws.root), context, to), output, force)


def _warn_uncovered(context: dict[str, Any], lang: str) -> None:
    """Working days of a year the statutory calendar lacks are counted Monday–Friday: say so
    (RULEBOOK §4 — never silently), and how to fix it."""
    years = (context.get("period") or {}).get("uncovered_years") or []
    if not years:
        return
    listed = ", ".join(str(year) for year in years)
    sys.stderr.write(
        f"warning: no statutory holiday calendar for {listed}: working days counted Monday–Friday; "
        "add the year to calendar.yaml\n" if lang == "en" else
        f"提示：{listed} 年的法定节假日安排未知，工作日按周一至周五计算；可在 calendar.yaml 中补充该年安排\n")


__all__ = ["render_app"]
