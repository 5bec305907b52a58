import pytest
import typer
from typer.testing import CliRunner

from zhidu_cli.cli.dues import dues_app

ENV = {"NO_COLOR": "1", "COLUMNS": "100", "ZHIDU_LANG": None}


def run(*args: str, **env: str):
    app = typer.Typer()
    app.add_typer(dues_app, name="dues")
    return CliRunner().invoke(app, ["dues", "calc", *args], env={**ENV, **env})


def test_employed_in_chinese():
    result = run("--category", "employed", "--base", "6800")
    assert result.exit_code == 0
    assert result.stdout == (
        "应交党费：每月 102.00 元（壹佰零贰元整）\n"
        "档次：在职 5000<基数≤10000 元，1.5%\n"
        "计算基数：6800.00 元\n"
        "取整：到分（四舍五入）\n"
        "依据：2008 规定 第一、二条\n"
    )


def test_social_insurance_and_jiao_rounding_in_english():
    result = run("--category", "在职", "--base", "5000.50", "--social-insurance", "0.49", "--rounding", "jiao",
                 "--lang", "en")
    assert result.exit_code == 0
    assert result.stdout == (
        "Dues: 75.00 yuan a month\n"
        "Bracket: employed: 5000 < base ≤ 10000 yuan, 1.5%\n"
        "Base: 5000.50 − social insurance 0.49 = 5000.01 yuan\n"
        "Rounding: to the jiao (half up)\n"
        "Source: 2008 规定 第一、二条\n"
    )


def test_social_insurance_moves_the_base_below_the_edge():
    result = run("-c", "employed", "-b", "5000.50", "--social-insurance", "0.50")
    assert result.exit_code == 0
    assert result.stdout == (
        "应交党费：每月 50.00 元（伍拾元整）\n"
        "档次：在职 3000<基数≤5000 元，1%\n"
        "计算基数：5000.50 − 社会保险 0.50 = 5000.00 元\n"
        "取整：到分（四舍五入）\n"
        "依据：2008 规定 第一、二条\n"
    )


@pytest.mark.parametrize(
    ("base", "first_line"),
    [
        ("3000", "应交党费：每月 15.00 元（壹拾伍元整）"),
        ("3000.01", "应交党费：每月 30.00 元（叁拾元整）"),
        ("5000", "应交党费：每月 50.00 元（伍拾元整）"),
        ("5000.01", "应交党费：每月 75.00 元（柒拾伍元整）"),
        ("10000", "应交党费：每月 150.00 元（壹佰伍拾元整）"),
        ("10000.01", "应交党费：每月 200.00 元（贰佰元整）"),
    ],
)
def test_bracket_edges(base, first_line):
    result = run("-c", "employed", "-b", base)
    assert result.exit_code == 0
    assert result.stdout.splitlines()[0] == first_line


def test_retired_edge():
    result = run("-c", "离退休", "-b", "5000.01", "--lang", "en")
    assert result.exit_code == 0
    assert result.stdout.splitlines()[:2] == ["Dues: 50.00 yuan a month", "Bracket: retired: base > 5000 yuan, 1%"]


def test_farmer_needs_no_base():
    result = run("-c", "farmer")
    assert result.exit_code == 0
    assert result.stdout == "应交党费：每月 0.20 元（贰角）\n档次：农民 每月 0.20 至 1.00 元\n依据：2008 规定 第六条\n"


def test_hardship_with_waiver():
    result = run("-c", "hardship", "--waiver", "0", "--lang", "en")
    assert result.exit_code == 0
    assert result.stdout == ("Dues: 0.00 yuan a month\nBracket: hardship: exempt by dues-waiver decision\n"
                             "Source: 2008 规定 第七条\n")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("-c", "employed", "-b", "1O0"),
         "zhidu: 计算基数：金额「1O0」格式不对：应写成普通数字，如 12 或 12.50（不带 ¥、正负号、千分位逗号或科学计数法）\n"),
        (("-c", "employed", "-b", "-5"), "zhidu: 计算基数：金额「-5」为负数：党费金额不能为负\n"),
        (("-c", "employed", "-b", "6800.001"), "zhidu: 计算基数：金额「6800.001」超过两位小数：最小单位是分\n"),
        (("-c", "employed", "-b", "6800", "--social-insurance", "5,00"),
         "zhidu: 社会保险：金额「5,00」格式不对：应写成普通数字，如 12 或 12.50（不带 ¥、正负号、千分位逗号或科学计数法）\n"),
        (("-c", "teacher", "-b", "6800"),
         "zhidu: 未知的党员类别「teacher」：可用 employed（在职）、retired（离退休）、farmer（农民）、student（学生）、"
         "unemployed（下岗失业）、relief（低保）、hardship（困难）\n"),
        (("-c", "employed"), "zhidu: 在职党员按基数计算党费，缺少计算基数\n"),
        (("-c", "hardship"), "zhidu: 困难党员的党费由减免决定确定（经党支部研究、报上一级党委批准），缺少减免金额\n"),
        (("-c", "employed", "-b", "100", "--social-insurance", "200"),
         "zhidu: 个人缴纳的社会保险 200.00 元大于计算基数 100.00 元\n"),
        (("-c", "teacher", "-b", "6800", "--lang", "en"),
         "zhidu: unknown dues category 'teacher': use one of employed, retired, farmer, student, unemployed, "
         "relief, hardship\n"),
        (("-c", "employed", "-b", "¥12", "--lang", "en"),
         "zhidu: base: not an amount: '¥12'; write a plain number such as 12 or 12.50 "
         "(no ¥, sign, thousands separator or exponent)\n"),
    ],
)
def test_bad_input_exits_2_with_a_clear_message(args, message):
    result = run(*args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == message
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_bad_rounding_is_a_usage_error():
    result = run("-c", "employed", "-b", "100", "--rounding", "yuan")
    assert result.exit_code == 2
    assert "'yuan' is not one of 'fen', 'jiao'" in result.stderr


def test_zhidu_lang_environment_variable_chooses_english():
    result = run("-c", "student", ZHIDU_LANG="en")
    assert result.exit_code == 0
    assert result.stdout == "Dues: 0.20 yuan a month\nBracket: student: 0.20 yuan a month\nSource: 2008 规定 第六条\n"


def test_unknown_language():
    result = run("-c", "student", "--lang", "fr")
    assert result.exit_code == 2
    assert result.stderr == "zhidu: unknown language 'fr': use zh or en / 语言只能是 zh 或 en\n"
