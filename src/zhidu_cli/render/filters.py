"""Filters that write records the way Chinese Party documents write them.

Each filter is a plain function so it can be tested without Jinja. A filter given something it
cannot render raises ``ValueError`` with a message naming the filter; the renderer turns that into
a :class:`~zhidu_cli.render.environment.TemplateFailure` at the template's line. Guessing would be
worse: a wrong date or amount on a posted notice is a real error, an aborted render is not.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from jinja2 import pass_context
from jinja2.runtime import Context

from zhidu_cli.masking import mask  # noqa: F401  (a document filter; kept importable from here)

_WEEKDAYS = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")
_CN_DIGITS = "零一二三四五六七八九"
_CN_UNITS = ("千", "百", "十", "")

# Separators people type inside phone numbers; removed before recognising one.
_MONEY_TEXT = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?")


def _as_date(value: Any, filter_name: str) -> date:
    """A date from a ``date``/``datetime`` or ISO text (``2025-03-15``, ``2025-03-15T09:00``)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        text = value.strip()
        try:
            if "T" in text or " " in text:
                return datetime.fromisoformat(text).date()
            return date.fromisoformat(text)
        except ValueError:
            pass
    raise ValueError(f"{filter_name}：「{value}」不是日期（{filter_name} needs a date or ISO "
                     f"date text, got {value!r}）")


def cn_date(value: Any) -> str:
    """``2025-03-15`` → ``2025年3月15日`` (no leading zeros, as documents write dates)."""
    day = _as_date(value, "cn_date")
    return f"{day.year}年{day.month}月{day.day}日"


def cn_month(value: Any) -> str:
    """``2025-03-15`` → ``2025年3月``, for monthly disclosures such as the dues notice."""
    day = _as_date(value, "cn_month")
    return f"{day.year}年{day.month}月"


def cn_weekday(value: Any) -> str:
    """``2025-03-15`` → ``星期六``."""
    return _WEEKDAYS[_as_date(value, "cn_weekday").weekday()]


def cn_number(value: Any) -> str:
    """0…9999 in Chinese numerals as read aloud: 3 → 三, 10 → 十, 15 → 十五, 105 → 一百零五.

    For ordinals in text (第三季度, 第十二次会议). Larger numbers are written in digits in
    documents, so they are refused rather than spelled.
    """
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        raise ValueError(f"cn_number：「{value}」不是整数（cn_number needs an integer）")
    try:
        number = int(value)
    except ValueError:
        raise ValueError(f"cn_number：「{value}」不是整数（cn_number needs an integer）") from None
    if not 0 <= number <= 9999:
        raise ValueError(f"cn_number：{number} 超出 0–9999（cn_number handles 0 to 9999）")
    if number < 10:
        return _CN_DIGITS[number]
    out: list[str] = []
    zero_pending = False
    for unit, char in zip(_CN_UNITS, f"{number:04d}"):
        digit = int(char)
        if digit == 0:
            zero_pending = bool(out)
            continue
        if zero_pending:
            out.append("零")
            zero_pending = False
        out.append(_CN_DIGITS[digit] + unit)
    text = "".join(out)
    # 10–19 are read 十, 十五, never 一十五.
    return text[1:] if 10 <= number <= 19 else text


@pass_context
def member_name(context: Context, value: Any) -> str:
    """Member id → name through the ``member_names`` mapping in the render context.

    An id the mapping does not know is printed as it is: the id is still the right person, and the
    records checks (not the renderer) are where a dangling reference gets reported. ``None`` (an
    optional role left empty) prints nothing.
    """
    if value is None:
        return ""
    names = context.get("member_names")
    if names is None:
        return str(value)
    if not isinstance(names, Mapping):
        raise ValueError("member_name：上下文中的 member_names 不是映射"
                         "（member_names in the context must be a mapping）")
    return str(names.get(value, value))


def count(value: Any, unit: str = "") -> int | str:
    """How many items, optionally with a unit: ``xs|count`` → 12, ``xs|count("人")`` → ``12人``.

    Replaces Jinja's ``count`` (an alias of ``length``) compatibly, and also counts the lazy
    results of ``select``/``map`` that ``length`` cannot.
    """
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        raise ValueError(f"count：「{value}」不是列表（count needs a list）")
    try:
        number = len(value)  # type: ignore[arg-type]
    except TypeError:
        number = sum(1 for _ in value)
    return f"{number}{unit}" if unit else number


def count_people(value: Any) -> str:
    """``members|count_people`` → ``12人``."""
    return str(count(value, "人"))


def _as_amount(value: Any, filter_name: str) -> Decimal:
    """Money as ``Decimal``; floats are refused so an inexact figure can never be printed."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return Decimal(value)
    if isinstance(value, str) and _MONEY_TEXT.fullmatch(value.strip()):
        return Decimal(value.strip())
    raise ValueError(f"{filter_name}：「{value}」不是金额，金额须为 Decimal、整数或数字文本"
                     f"（{filter_name} needs a Decimal, an integer or numeric text, got "
                     f"{type(value).__name__} {value!r}）")


def money(value: Any) -> str:
    """``Decimal("12.5")`` → ``12.50`` (:func:`zhidu_cli.dues.money.format_money`)."""
    from zhidu_cli.dues.money import format_money

    return format_money(_as_amount(value, "money"))


def capital(value: Any) -> str:
    """``Decimal("1005.07")`` → ``壹仟零伍元零柒分`` (人民币大写, without "人民币")."""
    from zhidu_cli.dues.money import to_chinese_capital

    return to_chinese_capital(_as_amount(value, "capital"))


DOCUMENT_FILTERS = {
    "cn_date": cn_date,
    "cn_month": cn_month,
    "cn_weekday": cn_weekday,
    "cn_number": cn_number,
    "member_name": member_name,
    "count": count,
    "count_people": count_people,
    "money": money,
    "capital": capital,
    "mask": mask,
}
