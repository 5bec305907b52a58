"""``zhidu dues``: the dues commands. Thin: parse the options, ask :mod:`zhidu_cli.dues`, print.

* ``zhidu dues`` / ``zhidu dues show`` — owed, paid, balance and months behind per member (or per
  month of one member) for a month or a year, risks highlighted;
* ``zhidu dues calc`` — one monthly amount and the bracket it came from;
* ``zhidu dues import FILE.csv --month YYYY-MM`` — a bank or spreadsheet export into the month's ledger.
"""

from __future__ import annotations

import enum
import pathlib
import sys
from decimal import Decimal
from typing import Optional

import typer
from rich import box
from rich.table import Table

from zhidu_cli.cli.common import (AsOfOption, EXIT_CLEAN, EXIT_FINDINGS, LangOption, at, fail, load,
                                  parse_as_of, print_table, resolve_lang, stderr, stdout)
from zhidu_cli.dues.balances import compute_balances
from zhidu_cli.dues.importer import ImportFileError, ledger_text, parse_months, plan_import, verify_ledger_text
from zhidu_cli.dues.money import MoneyError, format_money, parse_money, to_chinese_capital
from zhidu_cli.dues.report import LAPSE, STATUS_EN, STATUS_ZH, WARN, DuesTable, Row, dues_table, table_csv, table_json
from zhidu_cli.dues.settings import DuesSettings
from zhidu_cli.dues.standard import Assessment, DuesStandard, DuesStandardError
from zhidu_cli.fsutil import RefusedOverwrite, write_atomic
from zhidu_cli.model.fields import YEARS
from zhidu_cli.records.repository import CONFIG_FILE, NotARepository, find_root
from zhidu_cli.records.yaml_loader import load_yaml
from zhidu_cli.rules.config import ConfigError, resolve
from zhidu_cli.schedule.months import YearMonth

HELP = """党费：交纳标准、台账与欠交提醒 / dues: the standard, the monthly ledger and arrears.

不带子命令时显示党费表（同 zhidu dues show）/ without a subcommand: the table, as zhidu dues show.

示例 / examples:

  zhidu dues -C examples/records --year 2025 --as-of 2025-12-31

  zhidu dues show --month 2025-03 --output-format csv

  zhidu dues show --member huang-junjie

  zhidu dues calc --category employed --base 6800

  zhidu dues import 三月党费.csv --month 2025-03 --dry-run
"""

dues_app = typer.Typer(help=HELP, invoke_without_command=True)

RepoOption = typer.Option(None, "--repo", "-C", help="记录仓库（默认当前目录）/ records repository (default: here)",
                          show_default=False)


class Rounding(str, enum.Enum):
    fen = "fen"
    jiao = "jiao"


class TableFormat(str, enum.Enum):
    table = "table"
    json = "json"
    csv = "csv"


_ROUNDING_TEXT = {
    ("fen", "zh"): "到分（四舍五入）", ("jiao", "zh"): "到角（四舍五入）",
    ("fen", "en"): "to the fen (half up)", ("jiao", "en"): "to the jiao (half up)",
}


def _money_option(text: str | None, lang: str, zh: str, en: str) -> Decimal | None:
    if text is None:
        return None
    try:
        return parse_money(text)
    except MoneyError as error:
        fail(f"{en}: {error.message('en')}" if lang == "en" else f"{zh}：{error.message('zh')}")


def _month_option(text: str | None, option: str) -> YearMonth | None:
    if text is None:
        return None
    try:
        month = YearMonth.parse(text)
    except ValueError:
        fail(f"{option} {text!r} is not a month YYYY-MM / 月份格式应为 YYYY-MM")
    if month.year not in YEARS:
        fail(f"{option} {text!r}: the year must be {YEARS.start}–{YEARS.stop - 1} / "
             f"年份应在 {YEARS.start}–{YEARS.stop - 1} 之间")
    return month


# --- zhidu dues (show) ------------------------------------------------------------------------------

MonthOption = typer.Option(None, "--month", "-m", help="只看某月 YYYY-MM / one month")
YearOption = typer.Option(None, "--year", "-y", min=YEARS.start, max=YEARS.stop - 1, help="某年各月合计（默认检查日期所在年）/ a year")
MemberOption = typer.Option(None, "--member", help="只看一名党员的逐月明细（编号或唯一的姓名）/ one member "
                                                    "(id or name), month by month")
FormatOption = typer.Option(TableFormat.table, "--output-format", "-f", help="输出格式 table（默认）、json 或 csv")


@dues_app.callback()
def dues_main(
    ctx: typer.Context,
    repo: Optional[pathlib.Path] = RepoOption,
    month: Optional[str] = MonthOption,
    year: Optional[int] = YearOption,
    member: Optional[str] = MemberOption,
    as_of: Optional[str] = AsOfOption,
    output_format: TableFormat = FormatOption,
    lang: Optional[str] = LangOption,
) -> None:
    """党费。Dues."""
    if ctx.invoked_subcommand is None:
        _show(repo, month, year, member, as_of, output_format, lang)


@dues_app.command("show")
def show(
    repo: Optional[pathlib.Path] = RepoOption,
    month: Optional[str] = MonthOption,
    year: Optional[int] = YearOption,
    member: Optional[str] = MemberOption,
    as_of: Optional[str] = AsOfOption,
    output_format: TableFormat = FormatOption,
    lang: Optional[str] = LangOption,
) -> None:
    """各党员应交、已交、结余和连续未交月数（连续 3 个月以上标出，6 个月以上红色）。

    Owed, paid, balance and months behind per member; 3+ months behind highlighted, 6+ in red.

    示例 / examples:

      zhidu dues show --year 2025 --as-of 2025-12-31

      zhidu dues show --month 2025-03 --output-format csv > 三月党费.csv

      zhidu dues show --member huang-junjie -C examples/records
    """
    _show(repo, month, year, member, as_of, output_format, lang)


def _show(repo: pathlib.Path | None, month: str | None, year: int | None, member: str | None, as_of: str | None,
          output_format: TableFormat, lang: str | None) -> None:
    day = parse_as_of(as_of)
    ws = at(load(repo or pathlib.Path("."), lang=lang), day, as_of)
    en = ws.lang == "en"
    if month is not None and year is not None:
        fail("--month and --year cannot be combined / --month 与 --year 只能选一个")
    current = YearMonth.of(day)
    chosen = _month_option(month, "--month")
    if chosen is not None:
        first = last = chosen
    else:
        year = year if year is not None else day.year
        first, last = YearMonth(year, 1), min(YearMonth(year, 12), current)
    if first > current:
        fail(f"{first} is after the as-of date {day} / {first} 晚于检查日期 {day}")
    if member is not None:
        from zhidu_cli.cli.member import member_or_fail   # the same id-or-name lookup as zhidu member

        member = member_or_fail(ws, member)
    settings = _settings(ws)
    balances = compute_balances(ws.records, settings.standard, day, start=settings.start)
    if balances.start is None:
        stderr().print("no dues ledgers (dues/*.yaml) yet" if en else "还没有党费账簿（dues/*.yaml）", markup=False)
    warn, lapse = _thresholds(ws)
    table = dues_table(balances, first, last, member=member, warn=warn, lapse=lapse, groups=_group_names(ws))
    if output_format is TableFormat.json:
        sys.stdout.write(table_json(table))
    elif output_format is TableFormat.csv:
        sys.stdout.write(table_csv(table, ws.lang))
    else:
        console = stdout()
        print_table(console, render_table(table, ws.lang))
        console.print(summary(table, warn, lapse, ws.lang), markup=False)
    raise typer.Exit(EXIT_CLEAN)


def _settings(ws) -> DuesSettings:
    try:
        return DuesSettings.from_config(ws.settings.dues)
    except DuesStandardError as error:   # the configuration reader has reported it already; belt and braces
        fail(error.message(ws.lang))


def _thresholds(ws) -> tuple[int, int]:
    """The DUE005 thresholds in force (a branch may change them), so the table and the check agree."""
    params = ws.settings.setting("DUE005").params
    return params.get("warn_months", 3), params.get("error_months", 6)


def _group_names(ws) -> dict[str, str]:
    return {g.id: g.name for g in ws.records.branch.groups} if ws.records.branch else {}


_STYLES = {WARN: "yellow", LAPSE: "bold red"}


def _behind_text(row: Row, lang: str) -> str:
    if not row.behind:
        return "0"
    if row.risk == LAPSE:
        return f"{row.behind} (lapse)" if lang == "en" else f"{row.behind}（须处理）"
    if row.risk == WARN:
        return f"{row.behind} (warning)" if lang == "en" else f"{row.behind}（预警）"
    return str(row.behind)


def _period_title(table: DuesTable, lang: str) -> str:
    span = str(table.first) if table.first == table.last else f"{table.first} – {table.last}"
    if lang == "en":
        who = f" — {table.member}" if table.member else ""
        return f"Dues {span}{who} (as of {table.as_of})"
    who = f" — {table.rows[0].name}（{table.member}）" if table.member and table.rows else \
        (f" — {table.member}" if table.member else "")
    return f"党费 {span}{who}（截至 {table.as_of}）"


def render_table(table: DuesTable, lang: str) -> Table:
    """Members (or one member's months) with totals; rows behind ≥ warn in yellow, ≥ lapse in red."""
    en = lang == "en"
    out = Table(title=_period_title(table, lang), box=box.SIMPLE_HEAD, title_justify="left", pad_edge=False,
                show_footer=bool(table.rows))
    status = table.member is not None or table.first == table.last
    if table.member is not None:
        columns = [("Month" if en else "月份", "", "left")]
    else:
        columns = [("ID" if en else "编号", "", "left"), ("Name" if en else "姓名", "", "left"),
                   ("Group" if en else "党小组", "", "left")]
    columns[0] = (columns[0][0], "Total" if en else "合计", "left")
    if status:
        columns.append(("Status" if en else "状态", "", "left"))
    columns += [("Owed" if en else "应交", format_money(table.owed), "right"),
                ("Paid" if en else "已交", format_money(table.paid), "right"),
                ("Balance" if en else "结余", format_money(table.balance), "right"),
                ("Behind" if en else "连续未交", str(table.at_risk) + (" at risk" if en else " 人需关注")
                 if table.member is None else "", "right")]
    for header, footer, justify in columns:
        out.add_column(header, footer=footer, justify=justify, no_wrap=True)
    labels = STATUS_EN if en else STATUS_ZH
    for row in table.rows:
        cells = [str(row.month)] if table.member is not None else \
            [row.member, row.name, row.group_name or row.group or ""]
        if status:
            cells.append(labels.get(row.status, row.status) + ("?" if row.unassessed else ""))
        cells += [format_money(row.owed) + ("?" if row.unassessed and not status else ""), format_money(row.paid),
                  format_money(row.balance), _behind_text(row, lang)]
        out.add_row(*cells, style=_STYLES.get(row.risk))
    return out


def summary(table: DuesTable, warn: int, lapse: int, lang: str) -> str:
    """One line under the table: the legend, and what "?" means when it appears."""
    unassessed = any(r.unassessed for r in table.rows)
    if lang == "en":
        text = (f"balance = credit − arrears; behind = consecutive unpaid months (warning at {warn}, lapse at {lapse})")
        return text + ("; ? = amount not assessed (see zhidu check DUE002)" if unassessed else "")
    text = f"结余 = 结转 − 欠交；连续未交：满 {warn} 个月预警，满 {lapse} 个月按自行脱党处理"
    return text + ("；? 表示无法核定应交金额（见 zhidu check 的 DUE002）" if unassessed else "")


# --- zhidu dues calc --------------------------------------------------------------------------------

def _repo_standard(repo: pathlib.Path | None, lang: str) -> tuple[DuesStandard | None, str]:
    """The standard of the records repository given (``-C``) or around the current folder, if any.

    Only ``zhidu.yaml`` and its profiles are read: calc needs the standard, not the records.
    """
    try:
        root = find_root(repo or pathlib.Path("."))
    except NotARepository:
        if repo is not None:
            fail(f"{repo}: not a records repository (no zhidu.yaml here or above) / 不是记录仓库（找不到 zhidu.yaml）")
        return None, ""
    node, problems = load_yaml((root / CONFIG_FILE).read_bytes(), CONFIG_FILE)
    if problems or node is None:
        fail(f"{root / CONFIG_FILE}: YAML errors, run `zhidu check` / 有错误，请运行 zhidu check 查看")
    try:
        settings = resolve(node)
    except ConfigError:
        fail(f"{root / CONFIG_FILE}: configuration errors, run `zhidu check` / 配置有误，请运行 zhidu check 查看")
    try:
        return DuesSettings.from_config(settings.dues).standard, str(root)
    except DuesStandardError as error:
        fail(error.message(lang))


@dues_app.command("calc")
def calc(
    category: str = typer.Option(..., "--category", "-c",
                                 help="党员类别 category: employed 在职, retired 离退休, farmer 农民, "
                                      "student 学生, unemployed 下岗失业, relief 低保, hardship 困难"),
    base: str = typer.Option(None, "--base", "-b",
                             help="每月计算基数（税后工资或离退休费），元 monthly base after tax, yuan"),
    social_insurance: str = typer.Option(
        None, "--social-insurance",
        help="个人缴纳的社会保险：给出即先从基数中扣除再定档 own social insurance: when given, it is "
             "deducted from the base before the bracket is chosen"),
    waiver: str = typer.Option(None, "--waiver",
                               help="困难党员：减免决定确定的每月金额 hardship: monthly amount set by a "
                                    "dues-waiver decision"),
    rounding: Optional[Rounding] = typer.Option(
        None, "--rounding", help="取整 rounding: fen 分 | jiao 角（默认按仓库配置，否则到分）", show_default=False),
    repo: Optional[pathlib.Path] = RepoOption,
    lang: Optional[str] = LangOption,
) -> None:
    """计算每月党费并说明所属档次（在记录仓库中按其 dues 配置，否则按 2008 年标准）。

    Compute a monthly dues amount and its bracket (the repository's standard inside one, else 2008).

    示例 / examples:

      zhidu dues calc --category employed --base 6800

      zhidu dues calc --category 离退休 --base 5200 --rounding jiao

      zhidu dues calc --category employed --base 8000 --social-insurance 900
    """
    lang = resolve_lang(lang) or "zh"
    base_amount = _money_option(base, lang, "计算基数", "base")
    deduction = _money_option(social_insurance, lang, "社会保险", "social insurance")
    waiver_amount = _money_option(waiver, lang, "减免金额", "waiver")
    local, _root = _repo_standard(repo, lang)
    try:
        standard = local or DuesStandard.default()
        if rounding is not None or deduction is not None:
            standard = DuesStandard(standard.categories, standard.deduct_social_insurance or deduction is not None,
                                    rounding.value if rounding else standard.rounding, standard.name, standard.source)
        result = standard.assess(category, base_amount, deduction or Decimal(0), waiver=waiver_amount)
    except DuesStandardError as error:
        fail(error.message(lang))
    deducted = deduction if standard.deduct_social_insurance else None
    typer.echo("\n".join(_lines(result, base_amount, deducted, standard.rounding, lang)))


def _lines(result: Assessment, base: Decimal | None, deduction: Decimal | None, rounding: str,
           lang: str) -> list[str]:
    """The amount, the bracket it came from, the base and rounding behind it, and the source."""
    amount = format_money(result.amount)
    if lang == "en":
        lines = [f"Dues: {amount} yuan a month", f"Bracket: {result.bracket_en}"]
        if result.base is not None:
            shown = format_money(result.base)
            if deduction is not None:
                shown = f"{format_money(base)} − social insurance {format_money(deduction)} = {shown}"
            lines += [f"Base: {shown} yuan", f"Rounding: {_ROUNDING_TEXT[rounding, 'en']}"]
        if result.citation:
            lines.append(f"Source: {result.citation}")
        return lines
    try:
        capital = f"（{to_chinese_capital(result.amount)}）"
    except ValueError:          # beyond 9999亿 there is no 大写 to give (and no such income)
        capital = ""
    lines = [f"应交党费：每月 {amount} 元{capital}", f"档次：{result.bracket_zh}"]
    if result.base is not None:
        shown = format_money(result.base)
        if deduction is not None:
            shown = f"{format_money(base)} − 社会保险 {format_money(deduction)} = {shown}"
        lines += [f"计算基数：{shown} 元", f"取整：{_ROUNDING_TEXT[rounding, 'zh']}"]
    if result.citation:
        lines.append(f"依据：{result.citation}")
    return lines


# --- zhidu dues import ------------------------------------------------------------------------------

def _dropped(old, imported, en: bool) -> list[str]:
    """What the replaced ledger held that the import does not: said aloud, so --force never loses a
    payment (or the publication date, or the remittance) without the secretary seeing it."""
    kept = [p.key() for p in imported]
    lines = []
    for payment in old.payments:
        key = (payment.member, payment.amount, payment.paid_on, payment.months, payment.note)
        if key in kept:
            kept.remove(key)
            continue
        what = f"{payment.member} {format_money(payment.amount)} {payment.paid_on}"
        lines.append(f"the payment {what} of the old ledger is not in the import" if en else
                     f"原账簿中的缴费 {what} 不在导入文件中，已不再记录")
    if old.published is not None:
        lines.append(f"published: {old.published} was dropped; record it again once posted" if en else
                     f"原账簿的公布日期 {old.published} 未保留，公布后请重新写 published")
    if old.remittance is not None:
        lines.append(f"the remittance of {old.remittance.date} was dropped; record it again" if en else
                     f"原账簿的上缴记录（{old.remittance.date}）未保留，请重新记录 remittance")
    return lines


def _row_months(values) -> dict[int, tuple[YearMonth, ...]]:
    """``--row-month 7=2025-11`` (repeatable) → {7: (2025-11,)}; a bad value is a usage error."""
    placed: dict[int, tuple[YearMonth, ...]] = {}
    for value in values:
        line, _, months = value.partition("=")
        try:
            placed[int(line.strip())] = parse_months(months)
            if not placed[int(line.strip())]:
                raise ValueError(value)
        except ValueError:
            fail(f"--row-month {value!r}: write LINE=YYYY-MM, e.g. 7=2025-11 or 7=2025-01~2025-03 / "
                 "应写作 行号=月份，如 7=2025-11")
    return placed


@dues_app.command("import")
def import_csv(
    file: pathlib.Path = typer.Argument(..., help="银行或表格导出的 CSV 文件 / a CSV export", show_default=False),
    month: str = typer.Option(..., "--month", "-m", help="账簿月份 YYYY-MM / the ledger's month"),
    dry_run: bool = typer.Option(False, "--dry-run", help="只显示将写入的账簿，不写文件 / print, do not write"),
    force: bool = typer.Option(False, "--force", help="覆盖已有的当月账簿 / overwrite an existing ledger"),
    row_month: Optional[list[str]] = typer.Option(
        None, "--row-month", metavar="LINE=MONTHS",
        help="指定某行所缴月份，如 --row-month 7=2025-11 或 7=2025-01~2025-03（可重复）/ the months a CSV line pays"),
    repo: Optional[pathlib.Path] = RepoOption,
    lang: Optional[str] = LangOption,
) -> None:
    """把银行或表格导出的 CSV（姓名或编号、金额、日期）导入为当月党费账簿 dues/YYYY-MM.yaml。

    Turn a CSV export (name or id, amount, date) into the month's ledger. Unknown or ambiguous names
    stop the import (exit 1) with their line numbers; nothing is written unless every row is good.

    示例 / examples:

      zhidu dues import 三月党费.csv --month 2025-03 --dry-run

      zhidu dues import 三月党费.csv --month 2025-03

      zhidu dues import 银行流水.csv --month 2025-03 --force      # 替换已有账簿 / replace the ledger

      zhidu dues import 三月党费.csv --month 2025-03 --row-month 7=2025-02   # 第 7 行是补交 2 月 / line 7 pays February

    A row whose note names another month (补交11月) is never booked to --month on a guess: the import
    stops there until its months are given (the CSV's 月份 column, or --row-month).
    """
    ledger_month = _month_option(month, "--month")
    placed = _row_months(row_month or ())
    ws = load(repo or pathlib.Path("."), lang=lang)
    en = ws.lang == "en"
    err = stderr()
    try:
        data = file.read_bytes()
    except OSError as error:
        fail(f"{file}: {error.strerror or error}" + ("" if en else " / 无法读取文件"))
    try:
        plan = plan_import(ws.records, data, ledger_month, start=_settings(ws).start, row_months=placed)
    except ImportFileError as error:
        fail(f"{file}: {error.message(ws.lang)}")
    err.print(f"{file}: encoding {plan.encoding}" if en else f"{file}：编码 {plan.encoding}", markup=False)
    for issue in plan.warnings:
        where = f"{file}:{issue.line}" if issue.line else str(file)
        err.print(f"{where}: {'warning' if en else '注意'}: {issue.text(ws.lang)}", markup=False)
    if plan.errors:
        for issue in plan.errors:
            where = f"{file}:{issue.line}" if issue.line else str(file)
            err.print(f"{where}: {'error' if en else '错误'}: {issue.text(ws.lang)}", markup=False)
        err.print(f"{len(plan.errors)} error(s): nothing was written" if en else
                  f"{len(plan.errors)} 处错误，未写入任何文件", markup=False)
        raise typer.Exit(EXIT_FINDINGS)

    text = ledger_text(ledger_month, plan.payments, source=file.name, encoding=plan.encoding)
    if not verify_ledger_text(text, ledger_month, plan.payments):   # a bug, never a user's mistake
        fail("internal error: the ledger would not read back as imported; nothing was written / "
             "内部错误：生成的账簿读回不一致，未写入")
    total = sum((p.amount for p in plan.payments), Decimal(0))
    if dry_run:
        sys.stdout.write(text)
        err.print(f"dry run: {len(plan.payments)} payment(s), {format_money(total)} yuan; nothing written" if en else
                  f"试运行：{len(plan.payments)} 笔，共 {format_money(total)} 元；未写入", markup=False)
        raise typer.Exit(EXIT_CLEAN)
    target = ws.root / "dues" / f"{ledger_month}.yaml"
    shown = f"dues/{ledger_month}.yaml"
    replaced = ws.records.ledgers.get(ledger_month)
    try:
        write_atomic(target, text, force=force)
    except RefusedOverwrite:
        fail(f"{shown} exists: not overwritten (use --force to replace it)" if en else
             f"{shown} 已存在，未覆盖（确需替换请加 --force）")
    except OSError as error:
        fail(f"{shown}: {error.strerror or error}; nothing was written" if en else
             f"{shown}：{error.strerror or error}；未写入")
    if replaced is not None:
        err.print(f"replaced {shown} ({len(replaced.payments)} payment(s) before)" if en else
                  f"已替换 {shown}（原有 {len(replaced.payments)} 笔）", markup=False)
        for line in _dropped(replaced, plan.payments, en):
            err.print(f"{shown}: {'warning' if en else '注意'}: {line}", markup=False)
    err.print(f"wrote {shown}: {len(plan.payments)} payment(s), {format_money(total)} yuan" if en else
              f"已写入 {shown}：{len(plan.payments)} 笔，共 {format_money(total)} 元", markup=False)
    raise typer.Exit(EXIT_CLEAN)

