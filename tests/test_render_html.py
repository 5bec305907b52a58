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
    assert "<p>时间：2025年3月15日（星期六）上午9:00<br />\n地点：社区党群服务中心</p>" in page
    assert "<th>姓名</th>" in page and "<td>李四</td>" in page
    assert "th, td { border: 1px solid #000;" in page


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


def test_two_masks_in_one_paragraph_keep_their_stars():
    page = markdown_to_html("电话 159****6320，或 139****5276；身份证 5201**********123X；住 幸*********室\n\n**决定事项：甲**\n", "t")
    assert "电话 159****6320，或 139****5276；身份证 5201**********123X；住 幸*********室" in page
    assert "<strong>决定事项：甲</strong>" in page
