"""Printable HTML: a standalone A4 page, escaped title, no raw HTML from the records."""

from __future__ import annotations

from zhidu_cli.render.html import markdown_to_html

MINUTES = """\
# 第一党支部党员大会会议记录

时间：2025年3月15日（星期六）上午9:00
地点：社区党群服务中心

| 姓名 | 出席情况 |
|------|----------|
| 张三 | 出席 |
| 李四 | 请假（外出务工） |

<script>alert("x")</script> <b>粗</b>

主持人（签字）：　　　　　记录人（签字）：
"""


def test_page_is_standalone_utf8_a4_with_a_chinese_font_stack():
    page = markdown_to_html(MINUTES, "会议记录")
    assert page.startswith('<!DOCTYPE html>\n<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n')
    assert page.endswith("</body>\n</html>\n")
    assert "@page { size: A4; margin: 20mm 18mm; }" in page
    assert '"SimSun", "Songti SC", "Noto Serif CJK SC", "Source Han Serif SC", serif' in page
    assert "page-break-inside: avoid" in page
    assert "<title>会议记录</title>" in page
    assert "<link" not in page and "http" not in page  # prints offline: nothing fetched


def test_markdown_becomes_headings_line_breaks_and_bordered_tables():
    page = markdown_to_html(MINUTES, "会议记录")
    assert "<h1>第一党支部党员大会会议记录</h1>" in page
    assert '<p class="fields">时间：2025年3月15日（星期六）上午9:00<br />\n地点：社区党群服务中心</p>' in page
    assert '<th class="nw" style="width:3.0em">姓名</th>' in page and '<td class="nw">张三</td>' in page
    assert "<td>请假（外出务工）</td>" in page    # 8 characters: may wrap
    assert "border: 1px solid #000;" in page


def test_signature_paragraph_gets_the_signature_class():
    page = markdown_to_html(MINUTES, "会议记录")
    assert '<p class="signature">主持人（签字）：　　　　　记录人（签字）：</p>' in page
    assert ".signature {" in page
    assert markdown_to_html("负责人签名：\n\n盖章处(盖章)", "t").count('class="signature') == 2
    assert '<p class="signature seal">盖章处(盖章)</p>' in markdown_to_html("盖章处(盖章)", "t")
    assert 'class="signature"' not in markdown_to_html("会议讨论了签字制度。", "t")


def test_title_and_raw_html_are_escaped():
    page = markdown_to_html(MINUTES, '</title><script>alert(1)</script> & "x"')
    assert "<title>&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;</title>" in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &lt;b&gt;粗&lt;/b&gt;" in page
    assert "<script>" not in page and "<b>" not in page
    html_block = markdown_to_html('<div onclick="x">\nhi\n</div>\n', "t")
    assert "<div" not in html_block and "&lt;div onclick=&quot;x&quot;&gt;" in html_block


# --------------------------------------------------------------------------- print layout (issue 8.8)

DUES_GROUPS = """\
# 2025年3月党费收缴情况公示

根据规定，现将党费收缴情况公示如下：

### 第一党小组

| 序号 | 姓名 | 应交（元） | 状态 | 备注 |
|---|---|---:|---|---|
| 1 | 欧阳建国 | 1054.00 | 已交 |  |
| 2 | 李四 | 15.50 | 未交足 | 本月账簿实收30.00元；补交2025年2月 |

### 第二党小组

| 序号 | 姓名 | 应交（元） | 状态 | 备注 |
|---|---|---:|---|---|
| 3 | 王五 | 19.00 | 已交 |  |

受理地点：社区党群服务中心
联系电话：0851-85526318

南苑路社区党支部（盖章）
2025年4月3日
"""


def test_group_tables_of_one_document_share_column_widths():
    page = markdown_to_html(DUES_GROUPS, "公示")
    # the widest cell of each short column across BOTH tables, in display columns (CJK = 2):
    # 序号 4 → 2 + 1 em padding; 姓名: 欧阳建国 8 → 5.0em; 应交（元） 10 → 6.0em; 状态: 未交足 6 → 4.0em;
    # 备注 is long text: no width, it takes the rest
    header = ('<th class="nw" style="width:3.0em">序号</th>\n<th class="nw" style="width:5.0em">姓名</th>\n'
              '<th style="text-align:right;width:6.0em" class="nw">应交（元）</th>\n'
              '<th class="nw" style="width:4.0em">状态</th>\n<th class="nw">备注</th>')
    assert page.count(header) == 2
    assert page.count('<table class="fixed">') == 2 and "table.fixed { table-layout: fixed; }" in page


def test_names_and_status_words_never_wrap_but_long_notes_may():
    page = markdown_to_html(DUES_GROUPS, "公示")
    for short in ("欧阳建国", "李四", "已交", "未交足", "1054.00"):
        assert 'class="nw"' in page.split(f">{short}</td>")[0].rsplit("<td", 1)[1]
    assert "<td>本月账簿实收30.00元；补交2025年2月</td>" in page
    assert "th.nw, td.nw { white-space: nowrap;" in page


def test_the_sign_off_is_kept_with_the_paragraph_before_it():
    page = markdown_to_html(DUES_GROUPS, "公示")
    assert ('<div class="closing">\n<p class="fields">受理地点：社区党群服务中心<br />\n联系电话：0851-85526318</p>\n'
            '<p class="signature seal">南苑路社区党支部（盖章）<br />\n2025年4月3日</p>\n</div>\n') in page
    assert ".closing, .part { page-break-inside: avoid; break-inside: avoid; }" in page


def test_a_signature_after_a_table_may_not_be_parted_from_its_last_row():
    page = markdown_to_html("| 姓名 |\n|---|\n| 张三 |\n\n主持人（签字）：\n", "t")
    assert '</table>\n<div class="closing after-table">\n<p class="signature">主持人（签字）：</p>\n</div>' in page
    assert ".closing.after-table { page-break-before: avoid; break-before: avoid; }" in page


def test_body_paragraphs_are_indented_two_characters_field_lines_are_not():
    page = markdown_to_html(DUES_GROUPS, "公示")
    assert "<p>根据规定，现将党费收缴情况公示如下：</p>" in page
    assert "p { margin: 0.4em 0; text-indent: 2em; }" in page
    assert "p.fields, p.signature, p.cut, li p, td p, blockquote p { text-indent: 0; }" in page
    assert "<p class=\"fields salutation\">中共测试街道工作委员会：</p>" in markdown_to_html("中共测试街道工作委员会：", "t")
    bold_field = markdown_to_html("**决定事项：同意**\n\n会议讨论了三项议题：甲、乙。", "t")
    assert '<p class="fields"><strong>决定事项：同意</strong></p>' in bold_field
    assert "<p>会议讨论了三项议题：甲、乙。</p>" in bold_field      # a colon late in a sentence is body text


def test_tables_repeat_their_header_and_keep_rows_whole():
    page = markdown_to_html(DUES_GROUPS, "公示")
    assert "thead { display: table-header-group; }" in page
    assert "tr, th, td { page-break-inside: avoid; break-inside: avoid; }" in page


def test_the_parts_of_a_form_between_cut_lines_stay_whole():
    page = markdown_to_html("# 存根\n\n甲\n\n┄┄ 沿此线剪开 ┄┄\n\n# 介绍信\n\n中共某党委：\n\n乙\n\n"
                            "某支部（盖章）\n2025年4月18日\n", "t")
    assert page.count('<div class="part">') == 2
    assert ('</div>\n<p class="cut">┄┄ 沿此线剪开 ┄┄</p>\n<div class="part">\n<h1>介绍信</h1>\n'
            '<p class="fields salutation">中共某党委：</p>\n<div class="closing">\n<p>乙</p>\n') in page
    assert "p.salutation { page-break-after: avoid; break-after: avoid; }" in page


def test_two_masks_in_one_paragraph_keep_their_stars():
    page = markdown_to_html("电话 159****6320，或 139****5276；身份证 5201**********123X；住 幸*********室\n\n**决定事项：甲**\n", "t")
    assert "电话 159****6320，或 139****5276；身份证 5201**********123X；住 幸*********室" in page
    assert "<strong>决定事项：甲</strong>" in page
