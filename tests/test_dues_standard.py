from decimal import Decimal

import pytest
import yaml

from zhidu_cli.dues.standard import Assessment, DuesStandard, DuesStandardError

D = Decimal


@pytest.fixture(scope="module")
def standard() -> DuesStandard:
    return DuesStandard.default()


# ---- the 2008 brackets, exact at every edge --------------------------------------------------------

@pytest.mark.parametrize(
    ("base", "amount", "rate", "bracket_zh"),
    [
        ("0", "0.00", "0.005", "在职 基数≤3000 元，0.5%"),
        ("1999.99", "10.00", "0.005", "在职 基数≤3000 元，0.5%"),  # 9.99995 rounds half up
        ("3000", "15.00", "0.005", "在职 基数≤3000 元，0.5%"),
        ("3000.01", "30.00", "0.01", "在职 3000<基数≤5000 元，1%"),  # 30.0001
        ("5000", "50.00", "0.01", "在职 3000<基数≤5000 元，1%"),
        ("5000.01", "75.00", "0.015", "在职 5000<基数≤10000 元，1.5%"),  # 75.00015
        ("6800", "102.00", "0.015", "在职 5000<基数≤10000 元，1.5%"),
        ("10000", "150.00", "0.015", "在职 5000<基数≤10000 元，1.5%"),
        ("10000.01", "200.00", "0.02", "在职 基数>10000 元，2%"),  # 200.0002
        ("12345.67", "246.91", "0.02", "在职 基数>10000 元，2%"),  # 246.9134
    ],
)
def test_employed_brackets(standard, base, amount, rate, bracket_zh):
    result = standard.assess("employed", D(base))
    assert result.amount == D(amount) and str(result.amount) == amount
    assert result.rate == D(rate)
    assert result.bracket_zh == bracket_zh
    assert result.minimum == result.maximum == result.amount
    assert result.category == "employed"
    assert result.base == D(base)
    assert result.citation == "2008 规定 第一、二条"


def test_employed_english_labels(standard):
    assert standard.assess("employed", D("3000")).bracket_en == "employed: base ≤ 3000 yuan, 0.5%"
    assert standard.assess("employed", D("4000")).bracket_en == "employed: 3000 < base ≤ 5000 yuan, 1%"
    assert standard.assess("employed", D("10000.01")).bracket("en") == "employed: base > 10000 yuan, 2%"
    assert standard.assess("employed", D("10000.01")).bracket() == "在职 基数>10000 元，2%"


@pytest.mark.parametrize(
    ("base", "amount", "bracket_zh"),
    [
        ("5000", "25.00", "离退休 基数≤5000 元，0.5%"),
        ("5000.01", "50.00", "离退休 基数>5000 元，1%"),  # 50.0001
        ("3333", "16.67", "离退休 基数≤5000 元，0.5%"),  # 16.665 half up
    ],
)
def test_retired_brackets(standard, base, amount, bracket_zh):
    result = standard.assess("retired", D(base))
    assert str(result.amount) == amount
    assert result.bracket_zh == bracket_zh
    assert result.citation == "2008 规定 第五条"


def test_the_whole_base_is_charged_at_one_rate_not_progressively(standard):
    # progressive bands would give 15 + 20 + 0.15 = 35.15 for 5000.01
    assert standard.assess("employed", D("5000.01")).amount == D("75.00")


# ---- rounding ---------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("category", "base", "fen", "jiao"),
    [
        ("employed", "3333", "33.33", "33.30"),
        ("employed", "3335", "33.35", "33.40"),  # 33.35 → jiao half up
        ("employed", "2990", "14.95", "15.00"),
        ("employed", "3000.01", "30.00", "30.00"),
        ("retired", "3333", "16.67", "16.70"),  # 16.665: the jiao is rounded from the exact product
        ("retired", "4410", "22.05", "22.10"),
        ("employed", "6430", "96.45", "96.50"),
    ],
)
def test_rounding_fen_and_jiao(category, base, fen, jiao):
    by_fen = DuesStandard.default()
    by_jiao = DuesStandard.for_locality({"rounding": "jiao"})
    assert by_fen.rounding == "fen" and by_jiao.rounding == "jiao"
    assert str(by_fen.assess(category, D(base)).amount) == fen
    assert str(by_jiao.assess(category, D(base)).amount) == jiao


def test_rounding_accepts_chinese_names():
    assert DuesStandard.for_locality({"rounding": "角"}).rounding == "jiao"
    assert DuesStandard.for_locality({"rounding": "分"}).rounding == "fen"


# ---- social insurance -------------------------------------------------------------------------------

def test_social_insurance_ignored_unless_the_standard_deducts_it(standard):
    assert standard.deduct_social_insurance is False
    result = standard.assess("employed", D("5000.50"), D("600"))
    assert result.amount == D("75.01")  # 5000.50 × 1.5% = 75.0075
    assert result.base == D("5000.50")


@pytest.mark.parametrize(
    ("base", "insurance", "amount", "bracket_zh", "effective"),
    [
        ("5000.50", "0.50", "50.00", "在职 3000<基数≤5000 元，1%", "5000.00"),  # down across the edge
        ("5000.50", "0.49", "75.00", "在职 5000<基数≤10000 元，1.5%", "5000.01"),  # stays above
        ("3800", "800", "15.00", "在职 基数≤3000 元，0.5%", "3000.00"),
        ("10600", "600", "150.00", "在职 5000<基数≤10000 元，1.5%", "10000.00"),
        ("800", "800", "0.00", "在职 基数≤3000 元，0.5%", "0.00"),
    ],
)
def test_social_insurance_deduction_moves_the_base_across_an_edge(base, insurance, amount, bracket_zh,
                                                                  effective):
    standard = DuesStandard.for_locality({"deduct_social_insurance": "true"})
    result = standard.assess("employed", D(base), D(insurance))
    assert str(result.amount) == amount
    assert result.bracket_zh == bracket_zh
    assert str(result.base) == effective


def test_social_insurance_larger_than_the_base_is_an_error():
    standard = DuesStandard.for_locality({"deduct_social_insurance": True})
    with pytest.raises(DuesStandardError) as caught:
        standard.assess("employed", D("500"), D("500.01"))
    assert caught.value.message() == "个人缴纳的社会保险 500.01 元大于计算基数 500.00 元"
    assert caught.value.message("en") == "social insurance 500.01 exceeds the base 500.00"


# ---- fixed and waiver categories ----------------------------------------------------------------------

def test_farmer_range(standard):
    result = standard.assess("farmer", None)
    assert result == Assessment(D("0.20"), None, "农民 每月 0.20 至 1.00 元", "farmer: 0.20 to 1.00 yuan a month",
                                D("0.20"), D("1.00"), "farmer", None, "2008 规定 第六条")
    assert result.accepts(D("0.20")) and result.accepts(D("0.50")) and result.accepts(D("1.00"))
    assert not result.accepts(D("0.19")) and not result.accepts(D("1.01"))


@pytest.mark.parametrize(("name", "zh"), [("student", "学生"), ("unemployed", "下岗失业"), ("relief", "低保")])
def test_fixed_twenty_fen(standard, name, zh):
    result = standard.assess(name, D("9999"))  # a base is irrelevant for a fixed amount
    assert result.amount == result.minimum == result.maximum == D("0.20")
    assert result.rate is None and result.base is None
    assert result.bracket_zh == f"{zh} 每月 0.20 元"
    assert result.bracket_en == f"{name}: 0.20 yuan a month"
    assert not result.accepts(D("0.30"))


def test_hardship_amount_comes_from_the_waiver(standard):
    exempt = standard.assess("hardship", waiver=D("0"))
    assert exempt.amount == D("0.00") and exempt.bracket_zh == "困难 按减免决定免交"
    assert exempt.bracket_en == "hardship: exempt by dues-waiver decision"
    reduced = standard.assess("困难", D("2500"), waiver=D("5"))
    assert reduced.amount == reduced.minimum == reduced.maximum == D("5.00")
    assert reduced.bracket_zh == "困难 按减免决定每月 5.00 元"
    assert reduced.citation == "2008 规定 第七条"
    with pytest.raises(DuesStandardError) as caught:
        standard.assess("hardship", D("2500"))
    assert "减免决定" in caught.value.message() and "dues-waiver decision" in str(caught.value)


# ---- names and errors ----------------------------------------------------------------------------------

@pytest.mark.parametrize(
    ("name", "expected"),
    [("在职", "employed"), ("EMPLOYED", "employed"), (" 离退休 ", "retired"), ("退休", "retired"),
     ("农民", "farmer"), ("学生", "student"), ("下岗失业", "unemployed"), ("失业", "unemployed"),
     ("低保", "relief"), ("最低生活保障", "relief"), ("困难", "hardship")],
)
def test_category_names(standard, name, expected):
    assert standard.category(name).id == expected


def test_unknown_category(standard):
    with pytest.raises(DuesStandardError) as caught:
        standard.assess("teacher", D("3000"))
    assert caught.value.message() == (
        "未知的党员类别「teacher」：可用 employed（在职）、retired（离退休）、farmer（农民）、student（学生）、"
        "unemployed（下岗失业）、relief（低保）、hardship（困难）")
    assert str(caught.value) == ("unknown dues category 'teacher': use one of employed, retired, farmer, "
                                 "student, unemployed, relief, hardship")
    assert isinstance(caught.value, ValueError)


@pytest.mark.parametrize(
    ("base", "message"),
    [
        (None, "在职党员按基数计算党费，缺少计算基数"),
        (D("-1"), "计算基数：金额「-1」为负数：党费金额不能为负"),
        (D("3000.001"), "计算基数：金额「3000.001」超过两位小数：最小单位是分"),
    ],
)
def test_bad_base(standard, base, message):
    with pytest.raises(DuesStandardError) as caught:
        standard.assess("employed", base)
    assert caught.value.message() == message


def test_float_base_is_refused(standard):
    with pytest.raises(DuesStandardError) as caught:
        standard.assess("employed", 3000.0)  # type: ignore[arg-type]
    assert "浮点数" in caught.value.message()


def test_int_base_is_accepted(standard):
    assert standard.assess("employed", 3000).amount == D("15.00")  # type: ignore[arg-type]


# ---- the standard as data -----------------------------------------------------------------------------

def test_default_is_the_packaged_2008_table(standard):
    assert standard.name == "2008"
    assert [c.id for c in standard.categories] == [
        "employed", "retired", "farmer", "student", "unemployed", "relief", "hardship"]
    assert [c.zh for c in standard.categories] == ["在职", "离退休", "农民", "学生", "下岗失业", "低保", "困难"]
    assert standard.category("employed").brackets[0].upto == D("3000")
    assert standard.category("employed").brackets[-1].upto is None
    assert DuesStandard.default() is standard
    assert DuesStandard.for_locality(None) is standard
    assert DuesStandard.for_locality({}) is standard


LOCAL = """
name: 某省 2020
deduct_social_insurance: true
rounding: jiao
categories:
  employed:
    zh: 在职
    kind: rate
    brackets:
      - {upto: "4000", rate: "0.5%"}
      - {rate: "1.25%"}
  flexible:
    zh: 灵活就业
    en: flexible employment
    aliases: [灵活就业人员]
    kind: fixed
    amount: "2"
    minimum: "1"
    maximum: "10"
"""


def test_custom_locality_table():
    local = DuesStandard.from_data(yaml.load(LOCAL, Loader=yaml.BaseLoader))
    assert (local.name, local.deduct_social_insurance, local.rounding) == ("某省 2020", True, "jiao")
    assert [c.id for c in local.categories] == ["employed", "flexible"]
    assert str(local.assess("employed", D("4000")).amount) == "20.00"
    edge = local.assess("employed", D("4600"), D("600"))
    assert (str(edge.amount), edge.bracket_zh) == ("20.00", "在职 基数≤4000 元，0.5%")
    above = local.assess("在职", D("4000.01"))
    assert (str(above.amount), above.bracket_zh) == ("50.00", "在职 基数>4000 元，1.25%")  # 50.000125
    flexible = local.assess("灵活就业人员", None)
    assert (flexible.amount, flexible.minimum, flexible.maximum) == (D("2.00"), D("1.00"), D("10.00"))
    assert flexible.bracket_en == "flexible employment: 1.00 to 10.00 yuan a month"
    with pytest.raises(DuesStandardError):
        local.assess("retired", D("5000"))


def test_locality_overrides_merge_field_by_field():
    local = DuesStandard.for_locality({
        "categories": {
            "farmer": {"amount": "0.50"},
            "student": {"amount": "0.30"},
            "retired": {"brackets": [{"upto": "6000", "rate": "0.5%"}, {"rate": "1%"}]},
            "hardship": {"kind": "fixed", "amount": "0.20"},
        },
    })
    farmer = local.assess("farmer")
    assert (farmer.amount, farmer.minimum, farmer.maximum) == (D("0.50"), D("0.20"), D("1.00"))
    assert local.assess("student").bracket_zh == "学生 每月 0.30 元"
    assert local.assess("retired", D("6000")).amount == D("30.00")
    assert local.assess("retired", D("6000.01")).amount == D("60.00")
    assert local.assess("hardship").amount == D("0.20")
    assert local.category("retired").citation == "2008 规定 第五条"  # kept from 2008
    # the shared 2008 table is untouched
    assert DuesStandard.default().assess("farmer").amount == D("0.20")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"rounding": "yuan"}, "党费标准 rounding 应为 fen（分）或 jiao（角），而不是「yuan」"),
        ({"deduct_social_insurance": "no"}, "党费标准 deduct_social_insurance 应为 true 或 false，而不是「no」"),
        ({"colour": "red"}, "党费标准中有未知的键「colour」：可用 name、source、deduct_social_insurance、rounding、"
                            "categories"),
        ({"categories": {"farmer": {"amount": "1.5"}}}, "categories.farmer 应满足 minimum ≤ amount ≤ maximum"),
        ({"categories": {"farmer": {"amount": 0.5}}},
         "categories.farmer.amount 的金额请写成文字（如 \"0.20\"），不要用浮点数 0.5"),
        ({"categories": {"farmer": {"amount": "1O0"}}},
         "categories.farmer.amount：金额「1O0」格式不对：应写成普通数字，如 12 或 12.50"
         "（不带 ¥、正负号、千分位逗号或科学计数法）"),
        ({"categories": {"farmer": {"brackets": []}}}, "categories.farmer 的类型是 fixed，不能有 brackets"),
        ({"categories": {"employed": {"brackets": [{"upto": "5000", "rate": "1%"}]}}},
         "categories.employed.brackets[0] 是最高一档，不应有上限 upto"),
        ({"categories": {"employed": {"brackets": [{"rate": "1%"}, {"rate": "2%"}]}}},
         "categories.employed.brackets[0] 缺少上限 upto（只有最高一档没有上限）"),
        ({"categories": {"employed": {"brackets": [{"upto": "5000", "rate": "1%"}, {"upto": "5000", "rate": "1%"},
                                                   {"rate": "2%"}]}}},
         "categories.employed.brackets 的上限应逐档递增"),
        ({"categories": {"employed": {"brackets": [{"upto": "5000", "rate": "0.01"}, {"rate": "2%"}]}}},
         "categories.employed.brackets[0].rate 应为百分比，如 \"1.5%\"，而不是「0.01」"),
        ({"categories": {"employed": {"brackets": [{"upto": "5000", "rate": "101%"}, {"rate": "2%"}]}}},
         "categories.employed.brackets[0].rate 应为百分比，如 \"1.5%\"，而不是「101%」"),
        ({"categories": {"employed": {"kind": "progressive"}}},
         "categories.employed.kind 应为 rate、fixed 或 waiver，而不是「progressive」"),
        ({"categories": {"在职": {"zh": "在职", "kind": "waiver"}}},
         "党员类别编号「在职」应为小写英文（可含数字和连字符），中文名写在 zh"),
        ({"categories": {"teacher": {"kind": "waiver"}}}, "categories.teacher 缺少中文名 zh"),
        ({"categories": {"teacher": {"zh": "教师", "kind": "fixed"}}}, "categories.teacher 缺少每月金额 amount"),
        ({"categories": {"teacher": {"zh": "学生", "kind": "waiver"}}}, "名称「学生」同时指向类别 student 和 teacher"),
        ({"categories": {"farmer": {"aliases": "农民党员"}}}, "categories.farmer.aliases 应为名称列表"),
    ],
)
def test_invalid_data_is_refused_with_a_clear_message(data, message):
    with pytest.raises(DuesStandardError) as caught:
        DuesStandard.for_locality(data)
    assert caught.value.message() == message
    assert isinstance(caught.value, ValueError)


def test_from_data_needs_categories():
    with pytest.raises(ValueError) as caught:
        DuesStandard.from_data({"rounding": "fen"})
    assert str(caught.value) == "the dues standard needs a non-empty 'categories' mapping"
    with pytest.raises(DuesStandardError):
        DuesStandard.from_data(["not", "a", "mapping"])  # type: ignore[arg-type]
