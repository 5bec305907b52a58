"""Money: exact parsing of ledger text, two-decimal display and 人民币大写.

Dues are small sums added up over many months and members, so a single binary-float rounding
error would make a ledger disagree with a treasurer's hand count. Every amount is therefore a
``Decimal`` from the moment it is read: :func:`parse_money` accepts only what a careful person
writes in a ledger (``12``, ``12.5``, ``12.50``) and refuses anything that could hide a typo.

What :func:`parse_money` refuses, and why:

* ``1O0`` (letter O), ``12,5`` (decimal comma), ``1,000`` (thousands separator), ``1e3``,
  ``¥12``, ``+12``, full-width digits, an empty string: not a plain number (reason ``format``).
  The spreadsheet forms are refused rather than guessed because ``12,5`` could mean 12.5 or 125.
* ``.5`` and ``12.``: refused as ``format``. They are legal for Python but look like a digit was
  lost; a ledger writes ``0.5`` and ``12``.
* ``0123``: refused as ``format`` for the same reason (a leading zero is a typo, not a number).
* ``-5``: reason ``negative``. A refund is not a negative payment in a dues ledger.
* ``12.505`` and also ``12.500``: reason ``precision``. The fen is the smallest unit, and a third
  decimal, even a zero, means the figure was copied from a calculation rather than a receipt.
* more than :data:`MAX_INTEGER_DIGITS` digits before the point (a trillion yuan or more): reason
  ``range``. No dues figure comes near it, and beyond 26 digits Decimal arithmetic itself would
  fail (28 significant digits), so a pasted ID number must stop here, located, not deep in a sum.

Surrounding whitespace is ignored. A parsed amount is returned quantized to the fen, so
``parse_money("12.5")`` is ``Decimal("12.50")``.
"""

from __future__ import annotations

import re
from decimal import Decimal

CENT = Decimal("0.01")

# ASCII digits only: ``\d`` would also accept full-width and other Unicode digits.
_PLAIN = re.compile(r"(?:0|[1-9][0-9]*)(?:\.([0-9]+))?")

_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_GROUP_UNITS = ("仟", "佰", "拾", "")
# 9999亿9999万9999元99分: beyond this Chinese needs 万亿/兆, which no dues figure reaches.
_CAPITAL_LIMIT = Decimal(10) ** 12
MAX_INTEGER_DIGITS = 12   # amounts below 10**12 yuan: what 人民币大写 can write, and far below Decimal's 28 digits


class MoneyError(ValueError):
    """Text that is not an acceptable amount of money.

    ``reason`` is one of ``"format"``, ``"negative"``, ``"precision"`` so a loader can turn it into
    a located finding with the matching message; ``str(error)`` is the English message and
    :meth:`message` gives either language.
    """

    REASONS = ("format", "negative", "precision", "range")

    def __init__(self, text: str, reason: str) -> None:
        if reason not in self.REASONS:
            raise ValueError(f"unknown money error reason {reason!r}")
        self.text = text
        self.reason = reason
        super().__init__(self.message("en"))

    def message(self, lang: str = "zh") -> str:
        text = self.text
        if lang == "en":
            return {
                "format": f"not an amount: {text!r}; write a plain number such as 12 or 12.50 "
                          "(no ¥, sign, thousands separator or exponent)",
                "negative": f"negative amount {text!r}: a dues amount cannot be negative",
                "precision": f"amount {text!r} has more than two decimals: the smallest unit is the fen",
                "range": f"amount {text!r} is too large: at most {MAX_INTEGER_DIGITS} digits before the point",
            }[self.reason]
        return {
            "format": f"金额「{text}」格式不对：应写成普通数字，如 12 或 12.50"
                      "（不带 ¥、正负号、千分位逗号或科学计数法）",
            "negative": f"金额「{text}」为负数：党费金额不能为负",
            "precision": f"金额「{text}」超过两位小数：最小单位是分",
            "range": f"金额「{text}」过大：整数部分最多 {MAX_INTEGER_DIGITS} 位",
        }[self.reason]


def parse_money(text: str) -> Decimal:
    """Read an amount in yuan from ledger text; raise :class:`MoneyError` for anything doubtful."""
    if not isinstance(text, str):
        raise TypeError(f"parse_money expects text, got {type(text).__name__}")
    stripped = text.strip()
    if stripped.startswith("-") and _PLAIN.fullmatch(stripped[1:]):
        raise MoneyError(text, "negative")
    match = _PLAIN.fullmatch(stripped)
    if not match:
        raise MoneyError(text, "format")
    decimals = match.group(1) or ""
    if len(decimals) > 2:
        raise MoneyError(text, "precision")
    if len(stripped) - (len(decimals) + 1 if match.group(1) is not None else 0) > MAX_INTEGER_DIGITS:
        raise MoneyError(text, "range")
    return Decimal(stripped).quantize(CENT)


def _checked(amount: Decimal | int) -> Decimal:
    """An exact amount in fen; floats are refused so an inexact value can never slip in."""
    if isinstance(amount, bool) or not isinstance(amount, (Decimal, int)):
        raise TypeError(f"money must be Decimal or int, not {type(amount).__name__}")
    value = Decimal(amount)
    if not value.is_finite():
        raise ValueError(f"not a finite amount: {amount}")
    if value != value.quantize(CENT):
        raise ValueError(f"amount {amount} has more than two decimals; round it first")
    return value.quantize(CENT)


def format_money(amount: Decimal | int) -> str:
    """``Decimal("12.5")`` → ``"12.50"``: always two decimals, no separators, ``-`` for arrears.

    An amount with a non-zero third decimal raises ``ValueError``: display must never round
    silently, the standard's rounding parameter does that once, where it is visible.
    """
    value = _checked(amount)
    if value == 0:
        value = abs(value)  # never print "-0.00"
    return f"{value:.2f}"


def _group_capital(number: int) -> str:
    """1..9999 in capitals: inner zeros collapse into one 零, trailing zeros are not written."""
    out: list[str] = []
    zero_pending = False
    for unit, char in zip(_GROUP_UNITS, f"{number:04d}"):
        digit = int(char)
        if digit == 0:
            zero_pending = bool(out)
            continue
        if zero_pending:
            out.append("零")
            zero_pending = False
        out.append(_DIGITS[digit] + unit)
    return "".join(out)


def _integer_capital(number: int) -> str:
    """A positive whole number of yuan, read in groups of four digits (亿, 万, units)."""
    groups = ((number // 10**8, "亿"), (number // 10**4 % 10**4, "万"), (number % 10**4, ""))
    parts: list[str] = []
    zero_pending = False
    for value, unit in groups:
        if value == 0:
            zero_pending = bool(parts)
            continue
        # 壹拾万零柒佰 (the 仟 of this group is 0) or 壹亿零柒仟 (a whole group was 0) need a
        # 零; 壹拾万柒仟 does not (支付结算办法 附件 四(三), first form).
        if parts and (zero_pending or value < 1000):
            parts.append("零")
        parts.append(_group_capital(value) + unit)
        zero_pending = False
    return "".join(parts)


def to_chinese_capital(amount: Decimal | int) -> str:
    """人民币大写 as written on receipts and vouchers, without the leading "人民币".

    Follows 《支付结算办法》附件《正确填写票据和结算凭证的基本规定》:

    * "整" after 元 when there are no 角 or 分; none after 角 or 分 (一、二).
    * a 零 for each run of zeros inside the number (四(一)(二)): 1005.07 → 壹仟零伍元零柒分;
    * 角 is 0 but 分 is not: "零" after 元 (四(四)): 325.04 → 叁佰贰拾伍元零肆分;
    * where 四(三) allows either form we write the first one the rule gives:
      1680.32 → 壹仟陆佰捌拾元零叁角贰分 (元位 0, 角 not 0: write 零),
      107000.53 → 壹拾万柒仟元零伍角叁分 (万位 0, 仟 not 0: no 零, as it is read aloud).
    * 拾 at the head always carries 壹 (壹拾伍元整, 壹拾万元整) so nothing can be prefixed.
    * less than one yuan has no 元: 0.20 → 贰角, 0.05 → 伍分; nothing at all is 零元整.

    Raises ``ValueError`` for a negative amount, more than two decimals, or 1万亿 and above.
    """
    value = _checked(amount)
    if value < 0:
        raise ValueError(f"no capital form for a negative amount: {amount}")
    if value >= _CAPITAL_LIMIT:
        raise ValueError(f"amount too large for 人民币大写 here (limit 9999亿): {amount}")
    fen_total = int(value * 100)
    yuan, jiao, fen = fen_total // 100, fen_total // 10 % 10, fen_total % 10
    if yuan == 0:
        if jiao == 0 and fen == 0:
            return "零元整"
        return (_DIGITS[jiao] + "角" if jiao else "") + (_DIGITS[fen] + "分" if fen else "")
    text = _integer_capital(yuan) + "元"
    if jiao == 0 and fen == 0:
        return text + "整"
    if jiao == 0:
        return text + "零" + _DIGITS[fen] + "分"
    if yuan % 10 == 0:
        text += "零"
    text += _DIGITS[jiao] + "角"
    if fen:
        text += _DIGITS[fen] + "分"
    return text
