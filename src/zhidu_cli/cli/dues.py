"""``zhidu dues``: the dues commands. Thin: parse the options, ask :mod:`zhidu_cli.dues`, print."""

from __future__ import annotations

import enum
from decimal import Decimal
from typing import Optional

import typer

from zhidu_cli.cli.common import LangOption, fail, resolve_lang
from zhidu_cli.dues.money import MoneyError, format_money, parse_money, to_chinese_capital
from zhidu_cli.dues.standard import Assessment, DuesStandard, DuesStandardError

dues_app = typer.Typer(
    help="党费：交纳标准、台账与欠交提醒。Dues: the standard, the monthly ledger and arrears.",
    no_args_is_help=True,
)


class Rounding(str, enum.Enum):
    fen = "fen"
    jiao = "jiao"


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
    rounding: Rounding = typer.Option(Rounding.fen, "--rounding", help="取整 rounding: fen 分 | jiao 角"),
    lang: Optional[str] = LangOption,
) -> None:
    """按 2008 年标准计算每月党费，并说明所属档次。Compute a monthly dues amount and its bracket."""
    lang = resolve_lang(lang) or "zh"  # no repository is opened here, so no zhidu.yaml locale
    base_amount = _money_option(base, lang, "计算基数", "base")
    deduction = _money_option(social_insurance, lang, "社会保险", "social insurance")
    waiver_amount = _money_option(waiver, lang, "减免金额", "waiver")
    try:
        standard = DuesStandard.for_locality(
            {"rounding": rounding.value, "deduct_social_insurance": deduction is not None})
        result = standard.assess(category, base_amount, deduction or Decimal(0), waiver=waiver_amount)
    except DuesStandardError as error:
        fail(error.message(lang))

    typer.echo("\n".join(_lines(result, base_amount, deduction, standard.rounding, lang)))


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
    lines = [f"应交党费：每月 {amount} 元（{to_chinese_capital(result.amount)}）", f"档次：{result.bracket_zh}"]
    if result.base is not None:
        shown = format_money(result.base)
        if deduction is not None:
            shown = f"{format_money(base)} − 社会保险 {format_money(deduction)} = {shown}"
        lines += [f"计算基数：{shown} 元", f"取整：{_ROUNDING_TEXT[rounding, 'zh']}"]
    if result.citation:
        lines.append(f"依据：{result.citation}")
    return lines
