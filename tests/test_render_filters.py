"""Document filters: exact Chinese output, and clear refusals for values they cannot render."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from zhidu_cli.render import RenderLimits, TemplateFailure, make_environment, render_string
from zhidu_cli.render import environment as environment_module
from zhidu_cli.render.filters import (
    capital,
    cn_date,
    cn_month,
    cn_number,
    cn_weekday,
    count,
    count_people,
    mask,
    money,
)


@pytest.fixture
def env(tmp_path, monkeypatch):
    monkeypatch.setattr(environment_module, "builtin_template_dir", lambda: tmp_path)
    return make_environment(None, limits=RenderLimits(seconds=2.0))


@pytest.mark.parametrize("value", [date(2025, 3, 15), datetime(2025, 3, 15, 9, 30), "2025-03-15",
                                   " 2025-03-15 ", "2025-03-15T09:30", "2025-03-15 09:30"])
def test_cn_date_month_weekday(value):
    assert cn_date(value) == "2025年3月15日"
    assert cn_month(value) == "2025年3月"
    assert cn_weekday(value) == "星期六"


def test_cn_date_has_no_leading_zeros_and_weekdays_cover_the_week():
    assert cn_date(date(2025, 1, 5)) == "2025年1月5日"
    assert cn_date("2024-12-31") == "2024年12月31日"
    assert [cn_weekday(date(2025, 3, day)) for day in range(10, 17)] == [
        "星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日"]


@pytest.mark.parametrize("value", ["2025-02-30", "15/03/2025", "", None, 20250315])
def test_cn_date_refuses_what_is_not_a_date(value):
    with pytest.raises(ValueError, match="cn_date"):
        cn_date(value)


@pytest.mark.parametrize("number, text", [
    (0, "零"), (3, "三"), (9, "九"), (10, "十"), (11, "十一"), (19, "十九"), (20, "二十"),
    (21, "二十一"), (99, "九十九"), (100, "一百"), (101, "一百零一"), (110, "一百一十"),
    (115, "一百一十五"), (1000, "一千"), (1001, "一千零一"), (1010, "一千零一十"),
    (1100, "一千一百"), (2025, "二千零二十五"), (9999, "九千九百九十九"), ("4", "四"),
])
def test_cn_number(number, text):
    assert cn_number(number) == text


@pytest.mark.parametrize("value", [-1, 10000, True, 1.0, "三", None])
def test_cn_number_refuses_out_of_range_and_non_integers(value):
    with pytest.raises(ValueError, match="cn_number"):
        cn_number(value)


def test_count_and_count_people():
    assert count([1, 2, 3]) == 3
    assert count([]) == 0
    assert count(["a", "b"], "人") == "2人"
    assert count((x for x in range(12))) == 12
    assert count_people(["甲"] * 12) == "12人"
    assert count_people([]) == "0人"
    with pytest.raises(ValueError, match="count"):
        count("abc")
    with pytest.raises(ValueError, match="count"):
        count(5)


@pytest.mark.parametrize("amount, text", [
    (Decimal("12.5"), "12.50"), (Decimal("12.50"), "12.50"), (Decimal("0"), "0.00"),
    (12, "12.00"), ("3.2", "3.20"), (Decimal("-3"), "-3.00"), (Decimal("1000000"), "1000000.00"),
])
def test_money(amount, text):
    assert money(amount) == text


@pytest.mark.parametrize("amount, text", [
    (Decimal("1005.07"), "壹仟零伍元零柒分"), (Decimal("12.50"), "壹拾贰元伍角"),
    (Decimal("15"), "壹拾伍元整"), (0, "零元整"), ("0.05", "伍分"),
])
def test_capital_uses_the_dues_money_module(amount, text):
    assert capital(amount) == text


@pytest.mark.parametrize("function", [money, capital])
@pytest.mark.parametrize("value", [12.5, True, "12,50", "¥12", None, [1]])
def test_money_filters_refuse_floats_and_non_amounts(function, value):
    with pytest.raises(ValueError, match=function.__name__):
        function(value)


@pytest.mark.parametrize("value, text", [
    ("13812345678", "138****5678"),
    ("138 1234 5678", "138****5678"),
    ("138-1234-5678", "138****5678"),
    ("+8613812345678", "138****5678"),
    ("520102199003071234", "5201**********1234"),
    ("52010219900307123X", "5201**********123X"),
    ("520102900307123", "5201*******7123"),
    ("张三丰", "张*丰"),
    ("欧阳娜娜", "欧**娜"),
    ("张三", "张*"),
    ("张", "*"),
    ("", ""),
    (None, ""),
    ("贵阳市云岩区中华北路1号", "贵**********号"),
    ("1381234567", "1********7"),  # ten digits: not a mobile number, masked generically
])
def test_mask(value, text):
    assert mask(value) == text


def test_mask_with_chosen_kept_characters():
    assert mask("贵阳市云岩区中华北路1号", 3, 0) == "贵阳市*********"
    assert mask("abcdef", 2, 2) == "ab**ef"
    assert mask("abcd", 2, 2) == "a***"


def test_filters_through_the_environment(env):
    context = {
        "member_names": {"zhang-san": "张三", "li-si": "李四"},
        "people": ["zhang-san", "li-si", "wang-wu"],
        "day": date(2025, 3, 15),
        "amount": Decimal("1005.07"),
        "phone": "13812345678",
    }
    source = (
        "{{ day|cn_date }}（{{ day|cn_weekday }}）{{ day|cn_month }}\n"
        "{{ people|map('member_name')|join('、') }}\n"
        "{{ 'li-si'|member_name }}{{ none|member_name }}\n"
        "{{ people|count_people }} {{ people|count }} {{ people|count('名') }}"
        " {{ people|select('ne', 'wang-wu')|count_people }}\n"
        "{{ amount|money }}元（大写：{{ amount|capital }}）\n"
        "第{{ 3|cn_number }}季度 {{ phone|mask }}\n"
    )
    assert render_string(env, source, context) == (
        "2025年3月15日（星期六）2025年3月\n"
        "张三、李四、wang-wu\n"
        "李四\n"
        "3人 3 3名 2人\n"
        "1005.07元（大写：壹仟零伍元零柒分）\n"
        "第三季度 138****5678\n"
    )


def test_member_name_without_a_names_mapping_prints_the_id(env):
    assert render_string(env, "{{ 'zhang-san'|member_name }}", {}) == "zhang-san"
    with pytest.raises(TemplateFailure, match="member_names"):
        render_string(env, "{{ 'zhang-san'|member_name }}", {"member_names": ["x"]})


def test_filter_errors_become_located_template_failures(env):
    with pytest.raises(TemplateFailure) as caught:
        render_string(env, "ok\n{{ amount|capital }}", {"amount": 12.5}, name="notice.md.j2")
    assert caught.value.template_path == "notice.md.j2"
    assert caught.value.line == 2
    assert "capital" in caught.value.message and "float" in caught.value.message
