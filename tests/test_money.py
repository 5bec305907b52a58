from decimal import Decimal

import pytest

from zhidu_cli.dues.money import MoneyError, format_money, parse_money, to_chinese_capital


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("12", "12.00"),
        ("12.5", "12.50"),
        ("12.50", "12.50"),
        ("0", "0.00"),
        ("0.20", "0.20"),
        ("0.2", "0.20"),
        ("0.01", "0.01"),
        (" 45.00 ", "45.00"),
        ("10000.01", "10000.01"),
    ],
)
def test_parse_accepts_plain_amounts(text, expected):
    value = parse_money(text)
    assert isinstance(value, Decimal)
    assert value == Decimal(expected)
    assert str(value) == expected


@pytest.mark.parametrize(
    "text",
    ["1O0", "12,5", "1,000", "1e3", "1E3", "¥12", "￥12", "12元", "", "   ", ".5", "12.", "+12",
     "0123", "00.5", "１２", "12 .5", "1_000", "NaN", "Infinity", "12.5.0", "-", "--5", "-1O0"],
)
def test_parse_rejects_what_is_not_a_plain_number(text):
    with pytest.raises(MoneyError) as caught:
        parse_money(text)
    assert caught.value.reason == "format"
    assert caught.value.text == text


@pytest.mark.parametrize("text", ["-5", "-0.20", "-12.505", " -1 "])
def test_parse_rejects_negative(text):
    with pytest.raises(MoneyError) as caught:
        parse_money(text)
    assert caught.value.reason == "negative"


@pytest.mark.parametrize("text", ["12.505", "12.500", "0.001", "30.0001"])
def test_parse_rejects_more_than_two_decimals(text):
    with pytest.raises(MoneyError) as caught:
        parse_money(text)
    assert caught.value.reason == "precision"


def test_money_error_is_a_value_error_with_both_languages():
    with pytest.raises(ValueError) as caught:
        parse_money("1O0")
    error = caught.value
    assert str(error) == error.message("en")
    assert error.message("en").startswith("not an amount: '1O0'")
    assert error.message() == ("金额「1O0」格式不对：应写成普通数字，如 12 或 12.50"
                               "（不带 ¥、正负号、千分位逗号或科学计数法）")
    assert MoneyError("12.505", "precision").message() == "金额「12.505」超过两位小数：最小单位是分"
    assert MoneyError("-5", "negative").message() == "金额「-5」为负数：党费金额不能为负"


def test_parse_rejects_non_text():
    with pytest.raises(TypeError):
        parse_money(12.5)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        (Decimal("12.5"), "12.50"),
        (Decimal("12"), "12.00"),
        (Decimal("0"), "0.00"),
        (Decimal("-0"), "0.00"),
        (Decimal("-0.00"), "0.00"),
        (Decimal("-3.2"), "-3.20"),
        (Decimal("30.00"), "30.00"),
        (Decimal("30.0000"), "30.00"),
        (7, "7.00"),
        (Decimal("1234567.89"), "1234567.89"),
    ],
)
def test_format_money(amount, expected):
    assert format_money(amount) == expected


def test_format_money_never_rounds_silently_nor_takes_floats():
    with pytest.raises(ValueError):
        format_money(Decimal("30.0001"))
    with pytest.raises(TypeError):
        format_money(0.2)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        format_money(True)  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        format_money(Decimal("NaN"))


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        # the brief and the everyday dues figures
        ("0", "零元整"),
        ("0.20", "贰角"),
        ("0.05", "伍分"),
        ("0.25", "贰角伍分"),
        ("1", "壹元整"),
        ("1.00", "壹元整"),
        ("15.00", "壹拾伍元整"),
        ("10", "壹拾元整"),
        ("20.50", "贰拾元零伍角"),
        ("45.00", "肆拾伍元整"),
        ("102.30", "壹佰零贰元叁角"),
        ("100", "壹佰元整"),
        ("101", "壹佰零壹元整"),
        ("110", "壹佰壹拾元整"),
        ("1005.07", "壹仟零伍元零柒分"),
        ("1010", "壹仟零壹拾元整"),
        ("1100", "壹仟壹佰元整"),
        ("10000", "壹万元整"),
        ("10001", "壹万零壹元整"),
        ("10010", "壹万零壹拾元整"),
        ("10100", "壹万零壹佰元整"),
        ("11000", "壹万壹仟元整"),
        ("30.01", "叁拾元零壹分"),
        ("50.10", "伍拾元零壹角"),
        ("75.00", "柒拾伍元整"),
        ("150.00", "壹佰伍拾元整"),
        ("200.00", "贰佰元整"),
        ("12.34", "壹拾贰元叁角肆分"),
        # the examples of 《正确填写票据和结算凭证的基本规定》 四
        ("1409.50", "壹仟肆佰零玖元伍角"),
        ("6007.14", "陆仟零柒元壹角肆分"),
        ("1680.32", "壹仟陆佰捌拾元零叁角贰分"),
        ("107000.53", "壹拾万柒仟元零伍角叁分"),
        ("16409.02", "壹万陆仟肆佰零玖元零贰分"),
        ("325.04", "叁佰贰拾伍元零肆分"),
        # zeros across the 万 and 亿 groups
        ("100000", "壹拾万元整"),
        ("100700", "壹拾万零柒佰元整"),
        ("1000005", "壹佰万零伍元整"),
        ("1234567.89", "壹佰贰拾叁万肆仟伍佰陆拾柒元捌角玖分"),
        ("100000000", "壹亿元整"),
        ("100007000", "壹亿零柒仟元整"),
        ("101000000", "壹亿零壹佰万元整"),
        ("110000000", "壹亿壹仟万元整"),
        ("100010000", "壹亿零壹万元整"),
        ("999999999999.99", "玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分"),
    ],
)
def test_chinese_capital(amount, expected):
    assert to_chinese_capital(Decimal(amount)) == expected


def test_chinese_capital_takes_int():
    assert to_chinese_capital(45) == "肆拾伍元整"


@pytest.mark.parametrize("amount", [Decimal("-1"), Decimal("0.001"), Decimal("1000000000000")])
def test_chinese_capital_refuses(amount):
    with pytest.raises(ValueError):
        to_chinese_capital(amount)


def test_chinese_capital_refuses_float():
    with pytest.raises(TypeError):
        to_chinese_capital(0.2)  # type: ignore[arg-type]
