"""The dues standard (党费交纳标准) as data: categories, brackets, fixed amounts, parameters.

The 2008 rates ship as ``standard-2008.yaml`` next to this module; a locality changes them in its
profile rather than in code, because localities really do differ (whether employees' social
insurance is deducted from the base, rounding to the jiao, the farmers' amount within 0.2–1 yuan).

The rule that matters most (RULEBOOK §6): the **whole** base is charged at **one** rate, chosen by
the bracket the base falls in; brackets are not progressive bands. So 3000.00 pays 0.5% (15.00)
and 3000.01 pays 1% (30.0001, 30.00 after rounding). Bracket bounds are inclusive upper bounds
("3000元以下（含3000元）").

Data shape (all scalars may be text, as the records loader gives them; floats are refused)::

    name: 2008                      # optional
    source: 《…规定》（2008）         # optional
    deduct_social_insurance: false  # true | false
    rounding: fen                   # fen | jiao (half up)
    categories:
      employed:                     # English id: lower case, digits, hyphens
        zh: 在职
        en: employed                # default: the id
        aliases: [在职党员]           # other names accepted in member records and on the command line
        citation: 2008 规定 第一、二条
        kind: rate                  # rate | fixed | waiver
        brackets:                   # kind rate: increasing inclusive upper bounds, the last open
          - {upto: "3000", rate: "0.5%"}
          - {rate: "2%"}
      farmer:
        zh: 农民
        kind: fixed
        amount: "0.20"              # kind fixed: the expected monthly amount
        minimum: "0.20"             # optional, default amount: the lowest payment on standard
        maximum: "1.00"             # optional, default amount: the highest payment on standard
      hardship: {zh: 困难, kind: waiver}   # the amount comes from a dues-waiver decision

:meth:`DuesStandard.for_locality` merges a profile's partial mapping over the 2008 data: top-level
keys replace, a category's fields replace that category's fields (``farmer: {amount: "0.50"}``),
an unknown category id adds a new category (then ``zh`` and ``kind`` are required); changing a
category's ``kind`` drops the old kind's own fields (brackets, amounts).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from importlib import resources
from typing import Any, Mapping

import yaml

from zhidu_cli.dues.money import CENT, MoneyError, format_money, parse_money

KINDS = ("rate", "fixed", "waiver")
ROUNDINGS = {"fen": Decimal("0.01"), "jiao": Decimal("0.1")}
_ROUNDING_ALIASES = {"fen": "fen", "分": "fen", "jiao": "jiao", "角": "jiao"}
_ID = re.compile(r"[a-z][a-z0-9-]*")
_PERCENT = re.compile(r"(0|[1-9][0-9]*)(\.[0-9]+)?%")
_TOP_KEYS = ("name", "source", "deduct_social_insurance", "rounding", "categories")
_CATEGORY_KEYS = ("zh", "en", "aliases", "citation", "kind", "brackets", "amount", "minimum", "maximum")


class DuesStandardError(ValueError):
    """A standard that cannot be built, or a member that cannot be assessed under it.

    ``str(error)`` is English; :meth:`message` gives Chinese (default) or English for the user.
    """

    def __init__(self, zh: str, en: str) -> None:
        self.zh = zh
        self.en = en
        super().__init__(en)

    def message(self, lang: str = "zh") -> str:
        return self.en if lang == "en" else self.zh


@dataclass(frozen=True)
class Bracket:
    """One rate for every base up to ``upto`` (inclusive); ``upto`` is None for the open top."""

    upto: Decimal | None
    rate: Decimal  # a fraction: 0.015 for 1.5%


@dataclass(frozen=True)
class Category:
    id: str
    zh: str
    en: str
    kind: str  # one of KINDS
    aliases: tuple[str, ...] = ()
    citation: str = ""
    brackets: tuple[Bracket, ...] = ()
    amount: Decimal | None = None
    minimum: Decimal | None = None
    maximum: Decimal | None = None

    @property
    def names(self) -> tuple[str, ...]:
        """Every name this category answers to, the id first."""
        return (self.id, self.zh, self.en, *self.aliases)


@dataclass(frozen=True)
class Assessment:
    """What one member owes for one month, and why.

    ``minimum``/``maximum`` bound the payments that are on standard: equal to ``amount`` except for a
    range such as the farmers' 0.20–1.00. ``base`` is the base the rate was applied to (after any
    social-insurance deduction); it is None for fixed and waiver categories.
    """

    amount: Decimal
    rate: Decimal | None
    bracket_zh: str
    bracket_en: str
    minimum: Decimal
    maximum: Decimal
    category: str = ""
    base: Decimal | None = None
    citation: str = ""

    def accepts(self, paid: Decimal) -> bool:
        """Whether a monthly payment of ``paid`` is on standard."""
        return self.minimum <= paid <= self.maximum

    def bracket(self, lang: str = "zh") -> str:
        return self.bracket_en if lang == "en" else self.bracket_zh


@dataclass(frozen=True)
class DuesStandard:
    categories: tuple[Category, ...]
    deduct_social_insurance: bool = False
    rounding: str = "fen"
    name: str = ""
    source: str = ""

    # ---- construction ---------------------------------------------------------------------------

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> "DuesStandard":
        """Build and validate a complete standard; raise :class:`DuesStandardError` on bad data."""
        _require_mapping(data, "dues standard", "党费标准")
        _reject_unknown(data, _TOP_KEYS, "")
        raw_categories = data.get("categories")
        if not isinstance(raw_categories, Mapping) or not raw_categories:
            raise DuesStandardError("党费标准缺少 categories（各类党员的交纳标准）",
                                    "the dues standard needs a non-empty 'categories' mapping")
        categories = tuple(_category(str(key), value) for key, value in raw_categories.items())
        _check_names_unique(categories)
        return cls(
            categories=categories,
            deduct_social_insurance=_bool(data.get("deduct_social_insurance", False),
                                          "deduct_social_insurance"),
            rounding=_rounding(data.get("rounding", "fen")),
            name=_text(data.get("name", ""), "name"),
            source=_text(data.get("source", ""), "source"),
        )

    @classmethod
    def default(cls) -> "DuesStandard":
        """The 2008 national standard, unchanged."""
        return _default_standard()

    @classmethod
    def for_locality(cls, overrides: Mapping[str, Any] | None) -> "DuesStandard":
        """The 2008 standard with a profile's partial changes merged in (see the module docstring)."""
        if not overrides:
            return cls.default()
        _require_mapping(overrides, "dues standard overrides", "党费标准的本地调整")
        return cls.from_data(_merge(_default_data(), overrides))

    # ---- use ------------------------------------------------------------------------------------

    def category(self, name: str) -> Category:
        """The category called ``name`` (id, Chinese name, English name or alias; case-insensitive)."""
        key = name.strip().casefold()
        for category in self.categories:
            if key in (n.casefold() for n in category.names):
                return category
        known = "、".join(f"{c.id}（{c.zh}）" for c in self.categories)
        known_en = ", ".join(c.id for c in self.categories)
        raise DuesStandardError(f"未知的党员类别「{name}」：可用 {known}",
                                f"unknown dues category {name!r}: use one of {known_en}")

    def assess(self, category: str, base: Decimal | None = None,
               social_insurance: Decimal = Decimal(0), *, waiver: Decimal | None = None) -> Assessment:
        """The monthly amount for a member of ``category`` with monthly ``base`` (after tax).

        ``social_insurance`` (the member's own contribution) is subtracted from the base before the
        bracket is chosen only when the standard's ``deduct_social_insurance`` is on.
        ``waiver`` is the monthly amount a dues-waiver decision set (0 for exempt); it is required
        for a waiver-kind category and ignored otherwise.
        """
        cat = self.category(category)
        if cat.kind == "fixed":
            if cat.minimum == cat.maximum:
                zh = f"{cat.zh} 每月 {format_money(cat.amount)} 元"
                en = f"{cat.en}: {format_money(cat.amount)} yuan a month"
            else:
                zh = f"{cat.zh} 每月 {format_money(cat.minimum)} 至 {format_money(cat.maximum)} 元"
                en = f"{cat.en}: {format_money(cat.minimum)} to {format_money(cat.maximum)} yuan a month"
            return Assessment(cat.amount, None, zh, en, cat.minimum, cat.maximum, cat.id, None, cat.citation)
        if cat.kind == "waiver":
            if waiver is None:
                raise DuesStandardError(
                    f"{cat.zh}党员的党费由减免决定确定（经党支部研究、报上一级党委批准），缺少减免金额",
                    f"{cat.en}: the amount comes from a dues-waiver decision (branch discussion and "
                    "upper approval); no waiver amount was given")
            amount = _amount(waiver, "waiver amount", "减免金额")
            if amount == 0:
                zh, en = f"{cat.zh} 按减免决定免交", f"{cat.en}: exempt by dues-waiver decision"
            else:
                zh = f"{cat.zh} 按减免决定每月 {format_money(amount)} 元"
                en = f"{cat.en}: {format_money(amount)} yuan a month by dues-waiver decision"
            return Assessment(amount, None, zh, en, amount, amount, cat.id, None, cat.citation)
        return self._assess_rate(cat, base, social_insurance)

    def _assess_rate(self, cat: Category, base: Decimal | None, social_insurance: Decimal) -> Assessment:
        if base is None:
            raise DuesStandardError(f"{cat.zh}党员按基数计算党费，缺少计算基数",
                                    f"{cat.en}: dues are a rate on the monthly base; no base was given")
        base = _amount(base, "base", "计算基数")
        if self.deduct_social_insurance:
            deduction = _amount(social_insurance, "social insurance", "社会保险")
            if deduction > base:
                raise DuesStandardError(
                    f"个人缴纳的社会保险 {format_money(deduction)} 元大于计算基数 {format_money(base)} 元",
                    f"social insurance {format_money(deduction)} exceeds the base {format_money(base)}")
            base -= deduction
        index = next(i for i, b in enumerate(cat.brackets) if b.upto is None or base <= b.upto)
        bracket = cat.brackets[index]
        amount = (base * bracket.rate).quantize(ROUNDINGS[self.rounding], ROUND_HALF_UP).quantize(CENT)
        lower = cat.brackets[index - 1].upto if index else None
        zh, en = _bracket_labels(cat, lower, bracket)
        return Assessment(amount, bracket.rate, zh, en, amount, amount, cat.id, base, cat.citation)


# ---- labels ---------------------------------------------------------------------------------------

def _plain(value: Decimal) -> str:
    """3000 not 3E+3 nor 3000.00; 1.5 not 1.50: how the 规定 itself writes bounds and rates."""
    return format(value.normalize(), "f")


def _bracket_labels(cat: Category, lower: Decimal | None, bracket: Bracket) -> tuple[str, str]:
    percent = _plain(bracket.rate * 100) + "%"
    upper = bracket.upto
    if upper is None and lower is None:
        return f"{cat.zh} 全部基数，{percent}", f"{cat.en}: any base, {percent}"
    if upper is None:
        return (f"{cat.zh} 基数>{_plain(lower)} 元，{percent}",
                f"{cat.en}: base > {_plain(lower)} yuan, {percent}")
    if lower is None:
        return (f"{cat.zh} 基数≤{_plain(upper)} 元，{percent}",
                f"{cat.en}: base ≤ {_plain(upper)} yuan, {percent}")
    return (f"{cat.zh} {_plain(lower)}<基数≤{_plain(upper)} 元，{percent}",
            f"{cat.en}: {_plain(lower)} < base ≤ {_plain(upper)} yuan, {percent}")


# ---- validation -----------------------------------------------------------------------------------

def _require_mapping(value: Any, en_what: str, zh_what: str) -> None:
    if not isinstance(value, Mapping):
        raise DuesStandardError(f"{zh_what}应为映射（键: 值）", f"{en_what} must be a mapping")


def _reject_unknown(data: Mapping[str, Any], allowed: tuple[str, ...], where: str) -> None:
    for key in data:
        if key not in allowed:
            raise DuesStandardError(f"党费标准{where}中有未知的键「{key}」：可用 {'、'.join(allowed)}",
                                    f"unknown key {key!r} in dues standard{where}: use {', '.join(allowed)}")


def _text(value: Any, path: str) -> str:
    if not isinstance(value, (str, int)) or isinstance(value, bool):
        raise DuesStandardError(f"党费标准 {path} 应为文字", f"dues standard {path} must be text")
    return str(value)


def _bool(value: Any, path: str) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    raise DuesStandardError(f"党费标准 {path} 应为 true 或 false，而不是「{value}」",
                            f"dues standard {path} must be true or false, not {value!r}")


def _rounding(value: Any) -> str:
    rounding = _ROUNDING_ALIASES.get(str(value).strip().lower()) if isinstance(value, str) else None
    if rounding is None:
        raise DuesStandardError(f"党费标准 rounding 应为 fen（分）或 jiao（角），而不是「{value}」",
                                f"dues standard rounding must be fen or jiao, not {value!r}")
    return rounding


def _amount(value: Any, path: str, zh: str | None = None) -> Decimal:
    """A non-negative amount in fen from text, int or Decimal; floats are refused, never converted.

    ``path`` names the value in English (a key path in the data), ``zh`` in Chinese (default: path).
    """
    zh = zh or path
    if isinstance(value, float):
        raise DuesStandardError(f"{zh} 的金额请写成文字（如 \"0.20\"），不要用浮点数 {value!r}",
                                f"{path}: write the amount as text (e.g. \"0.20\"), not the float {value!r}")
    exact = isinstance(value, Decimal) and value.is_finite() or isinstance(value, int) and not isinstance(value, bool)
    if not exact and not isinstance(value, str):
        raise DuesStandardError(f"{zh} 应为金额，而不是「{value}」", f"{path} must be an amount, not {value!r}")
    try:
        if isinstance(value, str):
            return parse_money(value)
        number = Decimal(value)  # the same checks as for text: no sign, nothing below the fen
        if number < 0:
            raise MoneyError(str(value), "negative")
        if number != number.quantize(CENT):
            raise MoneyError(str(value), "precision")
        return number.quantize(CENT)
    except MoneyError as error:
        raise DuesStandardError(f"{zh}：{error.message('zh')}", f"{path}: {error.message('en')}") from None


def _rate(value: Any, path: str) -> Decimal:
    text = value.strip() if isinstance(value, str) else ""
    if not _PERCENT.fullmatch(text) or Decimal(text[:-1]) > 100:
        raise DuesStandardError(f"{path} 应为百分比，如 \"1.5%\"，而不是「{value}」",
                                f"{path} must be a percentage such as \"1.5%\", not {value!r}")
    return Decimal(text[:-1]) / 100


def _category(key: str, data: Any) -> Category:
    where = f"categories.{key}"
    if not _ID.fullmatch(key):
        raise DuesStandardError(f"党员类别编号「{key}」应为小写英文（可含数字和连字符），中文名写在 zh",
                                f"category id {key!r} must be lower-case English (digits, hyphens); "
                                "put the Chinese name in zh")
    _require_mapping(data, where, where)
    _reject_unknown(data, _CATEGORY_KEYS, f" {where} ")
    if "zh" not in data:
        raise DuesStandardError(f"{where} 缺少中文名 zh", f"{where} needs a Chinese name (zh)")
    kind = data.get("kind")
    if kind not in KINDS:
        raise DuesStandardError(f"{where}.kind 应为 rate、fixed 或 waiver，而不是「{kind}」",
                                f"{where}.kind must be rate, fixed or waiver, not {kind!r}")
    aliases = data.get("aliases", [])
    if not isinstance(aliases, (list, tuple)) or not all(isinstance(a, str) and a.strip() for a in aliases):
        raise DuesStandardError(f"{where}.aliases 应为名称列表", f"{where}.aliases must be a list of names")
    allowed = {"rate": ("brackets",), "fixed": ("amount", "minimum", "maximum"), "waiver": ()}[kind]
    for field in ("brackets", "amount", "minimum", "maximum"):
        if field in data and field not in allowed:
            raise DuesStandardError(f"{where} 的类型是 {kind}，不能有 {field}",
                                    f"{where} is of kind {kind} and cannot have {field}")
    fields: dict[str, Any] = {}
    if kind == "rate":
        fields["brackets"] = _brackets(data.get("brackets"), f"{where}.brackets")
    elif kind == "fixed":
        if "amount" not in data:
            raise DuesStandardError(f"{where} 缺少每月金额 amount", f"{where} needs a monthly amount")
        amount = _amount(data["amount"], f"{where}.amount")
        minimum = _amount(data.get("minimum", amount), f"{where}.minimum")
        maximum = _amount(data.get("maximum", amount), f"{where}.maximum")
        if not minimum <= amount <= maximum:
            raise DuesStandardError(f"{where} 应满足 minimum ≤ amount ≤ maximum",
                                    f"{where} must satisfy minimum ≤ amount ≤ maximum")
        fields.update(amount=amount, minimum=minimum, maximum=maximum)
    return Category(
        id=key,
        zh=_text(data["zh"], f"{where}.zh"),
        en=_text(data.get("en", key), f"{where}.en"),
        kind=kind,
        aliases=tuple(a.strip() for a in aliases),
        citation=_text(data.get("citation", ""), f"{where}.citation"),
        **fields,
    )


def _brackets(data: Any, where: str) -> tuple[Bracket, ...]:
    if not isinstance(data, (list, tuple)) or not data:
        raise DuesStandardError(f"{where} 应为非空的档次列表", f"{where} must be a non-empty list of brackets")
    brackets: list[Bracket] = []
    for index, item in enumerate(data):
        at = f"{where}[{index}]"
        _require_mapping(item, at, at)
        _reject_unknown(item, ("upto", "rate"), f" {at} ")
        last = index == len(data) - 1
        if last and "upto" in item:
            raise DuesStandardError(f"{at} 是最高一档，不应有上限 upto",
                                    f"{at} is the top bracket and must not have an upper bound (upto)")
        if not last and "upto" not in item:
            raise DuesStandardError(f"{at} 缺少上限 upto（只有最高一档没有上限）",
                                    f"{at} needs an upper bound (upto); only the top bracket has none")
        upto = None if last else _amount(item["upto"], f"{at}.upto")
        if upto is not None and brackets and upto <= brackets[-1].upto:
            raise DuesStandardError(f"{where} 的上限应逐档递增", f"{where}: upper bounds must increase")
        brackets.append(Bracket(upto, _rate(item.get("rate"), f"{at}.rate")))
    return tuple(brackets)


def _check_names_unique(categories: tuple[Category, ...]) -> None:
    seen: dict[str, str] = {}
    for category in categories:
        for name in {n.casefold() for n in category.names}:
            if name in seen and seen[name] != category.id:
                raise DuesStandardError(f"名称「{name}」同时指向类别 {seen[name]} 和 {category.id}",
                                        f"name {name!r} is used by both {seen[name]} and {category.id}")
            seen[name] = category.id


# ---- the packaged 2008 table ----------------------------------------------------------------------

@functools.cache
def _default_text() -> str:
    return resources.files("zhidu_cli.dues").joinpath("standard-2008.yaml").read_text(encoding="utf-8")


def _default_data() -> dict[str, Any]:
    """Freshly parsed each time so no caller can alter the shared table; BaseLoader keeps every
    scalar a string, so no amount ever becomes a float."""
    return yaml.load(_default_text(), Loader=yaml.BaseLoader)


@functools.cache
def _default_standard() -> DuesStandard:
    return DuesStandard.from_data(_default_data())


def _merge(base: Mapping[str, Any], overrides: Mapping[str, Any]) -> dict[str, Any]:
    merged = dict(base)
    for key, value in overrides.items():
        if key == "categories" and isinstance(value, Mapping):
            categories = dict(merged.get("categories", {}))
            for cat_id, fields in value.items():
                old = categories.get(cat_id)
                if isinstance(old, Mapping) and isinstance(fields, Mapping):
                    fields = _merge_category(old, fields)
                categories[cat_id] = fields
            merged["categories"] = categories
        else:
            merged[key] = value
    return merged


def _merge_category(old: Mapping[str, Any], new: Mapping[str, Any]) -> dict[str, Any]:
    """Field by field; a change of kind drops the old kind's own fields (brackets, amounts)."""
    merged = dict(old)
    if "kind" in new and new["kind"] != old.get("kind"):
        for field in ("brackets", "amount", "minimum", "maximum"):
            merged.pop(field, None)
    merged.update(new)
    return merged
