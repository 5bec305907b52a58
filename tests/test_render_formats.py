"""``zhidu render … --to docx | pdf`` and the 组织关系介绍信 (``zhidu render letter transfer``).

The Word and PDF files are made from the same rendered Markdown as ``--to md`` (so the masking and
a repository's template override apply to them too); here they are opened again — python-docx for
Word, pypdf for PDF — and their pages, paragraphs, cells and fonts checked. The figures are worked
out in the test from the example records read with PyYAML, or by hand in the comments.
"""

from __future__ import annotations

import io
import pathlib
import shutil
import subprocess
import sys
from decimal import Decimal

import docx
import pytest
import yaml
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from typer.testing import CliRunner

from test_exchange_export import PRIVATE_VALUES
from zhidu_cli.cli.app import app

EXAMPLES = pathlib.Path(__file__).resolve().parent.parent / "examples" / "records"
RUNNER = CliRunner()
AS_OF = "2025-12-31"


def run(*args: str):
    return RUNNER.invoke(app, list(args), env={"NO_COLOR": "1", "COLUMNS": "200"})


def render(tmp_path: pathlib.Path, name: str, *args: str, repo: pathlib.Path = EXAMPLES) -> pathlib.Path:
    out = tmp_path / name
    result = run("render", *args, "-C", str(repo), "--as-of", AS_OF, "-o", str(out))
    assert result.exit_code == 0, result.output
    return out


def east_asian_font(element) -> str | None:
    fonts = element.find(qn("w:rPr") + "/" + qn("w:rFonts")) if element.tag != qn("w:rPr") else None
    return fonts.get(qn("w:eastAsia")) if fonts is not None else None


# March 2025 (dues/2025-03.yaml): 28 members owed, in three groups of 8, 10 and 10 (张建华 王德明 周永福
# 孙玉兰 何志刚 许国华 袁志明 罗淑英 in group 1; 郑海涛 was still on the rolls until his transfer in April).
MARCH = yaml.safe_load((EXAMPLES / "dues" / "2025-03.yaml").read_text(encoding="utf-8"))
MARCH_CASH = sum((Decimal(p["amount"]) for p in MARCH["payments"]), Decimal("0"))


@pytest.fixture(scope="module")
def dues_docx(tmp_path_factory) -> docx.document.Document:
    path = render(tmp_path_factory.mktemp("docx"), "党费公示.docx", "notice", "dues", "--month", "2025-03",
                  "--to", "docx")
    return docx.Document(str(path))


def test_docx_is_a4_with_the_print_margins(dues_docx):
    section = dues_docx.sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(0.5) and abs(section.page_height - Mm(297)) < Mm(0.5)
    assert abs(section.top_margin - Mm(20)) < Mm(0.5) and abs(section.left_margin - Mm(18)) < Mm(0.5)


def test_docx_names_a_chinese_font_for_word(dues_docx):
    normal = dues_docx.styles["Normal"].element
    assert east_asian_font(normal) == "宋体"
    title = dues_docx.paragraphs[0]
    assert title.text == "2025年3月党费收缴情况公示" and title.alignment == 1    # centred
    assert east_asian_font(title.runs[0]._r) == "黑体" and title.runs[0].bold
    body_run = dues_docx.paragraphs[1].runs[0]._r
    assert east_asian_font(body_run) == "宋体"


def test_docx_text_and_figures(dues_docx):
    text = "\n".join(p.text for p in dues_docx.paragraphs)
    # 二、… 三、本月账簿实收党费 = the sum of the March ledger's payments, 1581.80 (added up above from the YAML)
    assert MARCH_CASH == Decimal("1581.80")
    assert f"三、本月账簿实收党费{MARCH_CASH}元（壹仟伍佰捌拾壹元捌角）" in text
    assert "一、本月应交纳党费的党员28名，已交纳28名，未交纳0名。" in text
    body = [p for p in dues_docx.paragraphs if p.text.startswith("根据《中国共产党章程》")][0]
    assert body.paragraph_format.first_line_indent == Pt(24)          # two characters at 12 pt
    fields = [p for p in dues_docx.paragraphs if p.text.startswith("受理地点：")][0]
    assert fields.paragraph_format.first_line_indent is None
    assert not [value for value in PRIVATE_VALUES if value in text]


def test_docx_tables_have_borders_repeating_headers_whole_rows_and_shared_widths(dues_docx):
    tables = dues_docx.tables
    assert [len(t.rows) for t in tables] == [9, 11, 11]             # header + 8, 10, 10 members
    for table in tables:
        assert table.style.name == "Table Grid"                      # bordered
        assert [c.text for c in table.rows[0].cells] == ["序号", "姓名", "应交（元）", "已交（元）", "状态", "备注"]
        assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
        assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in table.rows)
    widths = [[cell.width for cell in table.rows[1].cells] for table in tables]
    assert widths[0] == widths[1] == widths[2]
    shen = [row for row in tables[1].rows if row.cells[1].text == "沈建平"][0]
    # 沈建平 (group 2) owed and paid 210.00 in March 2025; the name cell does not wrap
    assert [c.text for c in shen.cells[2:5]] == ["210.00", "210.00", "已交"]
    assert shen.cells[1]._tc.tcPr.find(qn("w:noWrap")) is not None
    assert shen.cells[2].paragraphs[0].alignment == 2                 # amounts flush right


def test_docx_sign_off_is_right_aligned_and_kept_with_the_text_before_it(dues_docx):
    paragraphs = dues_docx.paragraphs
    seal = [i for i, p in enumerate(paragraphs) if p.text.startswith("南苑路社区党支部（盖章）")][0]
    assert paragraphs[seal].text == "南苑路社区党支部（盖章）\n2025年4月3日"
    assert paragraphs[seal].alignment == 2                           # right
    assert paragraphs[seal - 1].paragraph_format.keep_with_next


def test_docx_and_html_need_no_second_template(tmp_path):
    """A repository's own template changes every format: Word is made from the same Markdown."""
    repo = tmp_path / "records"
    shutil.copytree(EXAMPLES, repo)
    (repo / "templates").mkdir()
    (repo / "templates" / "notice-dues.md.j2").write_text(
        "# {{ month|cn_month }}党费公示（本支部格式）\n\n共{{ dues.members }}名党员。\n", encoding="utf-8")
    path = render(tmp_path, "x.docx", "notice", "dues", "--month", "2025-03", "--to", "docx", repo=repo)
    assert [p.text for p in docx.Document(str(path)).paragraphs] == ["2025年3月党费公示（本支部格式）", "共28名党员。"]
    (repo / "templates" / "notice-dues.md.j2").write_text("# x\n\n{{ ''.__class__ }}\n", encoding="utf-8")
    result = run("render", "notice", "dues", "--month", "2025-03", "-C", str(repo), "--to", "docx",
                 "-o", str(tmp_path / "y.docx"))
    assert result.exit_code == 2 and "templates/notice-dues.md.j2:3" in result.output
    assert not (tmp_path / "y.docx").exists()


def test_binary_formats_need_an_output_file():
    result = run("render", "notice", "dues", "--month", "2025-03", "-C", str(EXAMPLES), "--to", "docx")
    assert result.exit_code == 2 and "-o" in result.output


# --------------------------------------------------------------------------- PDF


def _weasyprint_or_skip() -> None:
    try:
        import weasyprint  # noqa: F401
    except (ImportError, OSError) as error:
        pytest.skip(f"WeasyPrint cannot run here ({error}): pip install 'zhidu-cli[pdf]' and Pango")
    from zhidu_cli.render.pdf import chinese_font_missing

    if chinese_font_missing():
        pytest.skip("no Chinese font installed (apt-get install fonts-noto-cjk)")


def test_pdf_is_a4_with_an_embedded_chinese_font_and_the_text(tmp_path):
    _weasyprint_or_skip()
    pypdf = pytest.importorskip("pypdf")
    path = render(tmp_path, "党费公示.pdf", "notice", "dues", "--month", "2025-03", "--to", "pdf")
    reader = pypdf.PdfReader(str(path))
    fc_list = shutil.which("fc-list")
    fonts = subprocess.run([fc_list, ":lang=zh", "family"], capture_output=True, text=True).stdout if fc_list else ""
    if "Noto Serif CJK SC" in fonts:          # the font the page counts were worked out with
        assert len(reader.pages) == 2         # as Chromium prints it (tests/test_print_browser.py)
    for page in reader.pages:
        box = page.mediabox
        assert (round(float(box.width)), round(float(box.height))) == (595, 842)     # A4 in points
    embedded = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptors = [font] + [d.get_object() for d in font.get("/DescendantFonts", [])]
            for item in descriptors:
                descriptor = item.get("/FontDescriptor")
                if descriptor is not None and any(k in descriptor.get_object() for k in
                                                  ("/FontFile", "/FontFile2", "/FontFile3")):
                    embedded.add(str(item["/BaseFont"]))
    assert any("CJK" in name or "Song" in name or "Hei" in name for name in embedded), embedded
    text = "".join(page.extract_text() for page in reader.pages)
    compact = "".join(text.split())
    assert "2025年3月党费收缴情况公示" in compact
    assert f"本月账簿实收党费{MARCH_CASH}元" in compact
    assert "南苑路社区党支部（盖章）" in compact
    assert not [value for value in PRIVATE_VALUES if value in compact]


def test_pdf_without_weasyprint_says_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "weasyprint", None)          # import weasyprint → ImportError
    result = run("render", "notice", "dues", "--month", "2025-03", "-C", str(EXAMPLES), "--to", "pdf",
                 "-o", str(tmp_path / "x.pdf"))
    assert result.exit_code == 2
    assert "pip install 'zhidu-cli[pdf]'" in result.output and "libpango-1.0-0" in result.output
    assert "fonts-noto-cjk" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "x.pdf").exists()


# --------------------------------------------------------------------------- 组织关系介绍信


def test_transfer_letter_states_who_from_where_to_where_dues_and_validity():
    result = run("render", "letter", "transfer", "zheng-haitao", "-C", str(EXAMPLES), "--as-of", AS_OF)
    assert result.exit_code == 0, result.output
    text = result.stdout
    # members/zheng-haitao.yaml: born 1984-06-11, transferred out 2025-04-18 → 40 years old that day;
    # full member since 2007; dues/2025-04.yaml holds his 132.00 for April (base 8800 × 1.5%): paid to April.
    stub, letter, receipt = text.split("┄┄┄┄┄┄┄┄┄┄ 沿此线剪开")
    assert stub.startswith("# 中国共产党党员组织关系介绍信（存根）\n")
    assert ("郑海涛同志（男，40岁，汉族）系中共正式党员，组织关系由中共南苑路社区支部委员会转到"
            "中共杭州市西湖区某街道工作委员会。") in stub
    assert "党费交到2025年4月。" in stub and "有效期30天（至2025年5月18日）。" in stub   # 2025-04-18 + 30 days
    assert "\n中共杭州市西湖区某街道工作委员会：\n" in letter
    assert "该同志党费已交到2025年4月。" in letter
    assert "中共南苑路社区支部委员会（盖章）\n2025年4月18日" in letter
    assert "# 中国共产党党员组织关系介绍信（回执）" in receipt
    assert not [value for value in PRIVATE_VALUES if value in text]    # ID number and phone left to fill by hand


def test_transfer_letter_with_private_fields_and_options():
    result = run("render", "letter", "介绍信", "郑海涛", "-C", str(EXAMPLES), "--as-of", AS_OF, "--include-private",
                 "--days", "60", "--number", "南苑党〔2025〕3")
    assert result.exit_code == 0, result.output
    assert "公民身份号码520103198406110713）" in result.stdout and "党员联系电话：18685120376" in result.stdout
    assert "有效期60天（至2025年6月17日）" in result.stdout and "编号：第南苑党〔2025〕3号" in result.stdout


def test_transfer_letter_needs_a_transferred_out_event():
    result = run("render", "letter", "transfer", "zhang-jianhua", "-C", str(EXAMPLES), "--as-of", AS_OF)
    assert result.exit_code == 2 and "张建华（zhang-jianhua）没有组织关系转出的记录" in result.output
    result = run("render", "letter", "transfer", "zheng-haitao", "-C", str(EXAMPLES), "--as-of", "2025-04-17")
    assert result.exit_code == 2                               # not yet transferred on that day
    result = run("render", "letter", "证明信", "zheng-haitao", "-C", str(EXAMPLES), "--as-of", AS_OF)
    assert result.exit_code == 2 and "没有这种信函" in result.output


def test_transfer_letter_as_word(tmp_path):
    path = render(tmp_path, "介绍信.docx", "letter", "transfer", "zheng-haitao", "--to", "docx")
    document = docx.Document(str(path))
    texts = [p.text for p in document.paragraphs]
    assert texts.count("中国共产党党员组织关系介绍信") == 1 and "中国共产党党员组织关系介绍信（存根）" in texts
    cut = [p for p in document.paragraphs if p.text.startswith("┄")]
    assert len(cut) == 2 and all(p.alignment == 1 for p in cut)      # centred cut lines
    salutation = document.paragraphs[texts.index("中共杭州市西湖区某街道工作委员会：")]
    assert salutation.paragraph_format.first_line_indent is None


@pytest.mark.parametrize("extra_items", [12])
def test_pdf_of_long_minutes_keeps_the_signature_lines_with_the_text(tmp_path, extra_items):
    """The print rules hold in WeasyPrint as in Chromium (tests/test_print_browser.py)."""
    _weasyprint_or_skip()
    from browser import pdf_pages_text
    from test_print_browser import LONG_ITEM, _lines, _only_signature

    repo = tmp_path / "records"
    shutil.copytree(EXAMPLES, repo)
    meeting = repo / "meetings" / "2025" / "2025-01-24-general-assembly.yaml"
    items = "".join(LONG_ITEM.format(n=n) for n in range(5, 5 + extra_items))
    meeting.write_text(meeting.read_text(encoding="utf-8").replace("agenda:\n", "agenda:\n" + items, 1),
                       encoding="utf-8")
    path = render(tmp_path, "minutes.pdf", "minutes", "2025-01-24-general-assembly", "--to", "pdf", repo=repo)
    pages = pdf_pages_text(path)
    assert len(pages) >= 3
    assert not any(_only_signature(page) for page in pages)
    assert _lines(pages[-1])[-1].startswith("主持人（签字）")
    assert len([line for page in pages for line in _lines(page)
                if line.split()[-1:] in (["合格"], ["优秀"]) and line.split()[0].isdigit()]) == 28


def test_a_repository_reference_docx_gives_the_word_file_its_letterhead_and_styles(tmp_path):
    repo = tmp_path / "records"
    shutil.copytree(EXAMPLES, repo)
    (repo / "templates").mkdir()
    reference = docx.Document()
    reference.sections[0].header.paragraphs[0].text = "中共南苑路社区支部委员会（信笺）"
    reference.sections[0].left_margin = Mm(28)
    reference.styles["Normal"].font.size = Pt(16)             # 三号
    reference.add_paragraph("参考文档里的示例正文不会出现在生成的文件中")
    reference.save(str(repo / "templates" / "reference.docx"))
    path = render(tmp_path, "x.docx", "notice", "dues", "--month", "2025-03", "--to", "docx", repo=repo)
    document = docx.Document(str(path))
    assert document.sections[0].header.paragraphs[0].text == "中共南苑路社区支部委员会（信笺）"
    assert abs(document.sections[0].left_margin - Mm(28)) < Mm(0.5)
    texts = [p.text for p in document.paragraphs]
    assert "参考文档里的示例正文不会出现在生成的文件中" not in texts
    assert texts[0] == "2025年3月党费收缴情况公示" and document.paragraphs[0].style.name == "Title"
    body = document.paragraphs[1]
    assert body.style.name == "Normal" and body.paragraph_format.first_line_indent == Pt(32)   # 2 × 16 pt
    assert len(document.tables) == 3
    listed = run("render", "--list", "-C", str(repo))
    assert "reference.docx" in listed.output and "Word 参考文档" in listed.output
    (repo / "templates" / "reference.docx").write_text("not a zip", encoding="utf-8")
    result = run("render", "notice", "dues", "--month", "2025-03", "-C", str(repo), "--to", "docx",
                 "-o", str(tmp_path / "y.docx"))
    assert result.exit_code == 2 and "无法使用 Word 参考文档" in result.output and not (tmp_path / "y.docx").exists()


def test_all_minutes_of_a_year_as_word_files(repo, tmp_path):
    from conftest import full_member

    repo.member("li-si", full_member("li-si", "李四"))
    for day in ("2025-03-05", "2025-06-04"):
        repo.write(f"meetings/2025/{day}-branch-committee.yaml", f"""\
            type: 支委会
            date: {day}
            chair: li-si
            attendees: [li-si]
            agenda:
              - title: 研究本季度工作
            """)
    folder = tmp_path / "会议记录"
    result = run("render", "minutes", "--all", "--year", "2025", "-C", str(repo.root), "--as-of", AS_OF,
                 "--to", "docx", "-o", str(folder))
    assert result.exit_code == 0, result.output
    files = sorted(p.name for p in folder.iterdir())
    assert files == ["2025-03-05-branch-committee.docx", "2025-06-04-branch-committee.docx"]
    texts = [p.text for p in docx.Document(str(folder / files[1])).paragraphs]
    assert any("2025年6月4日" in text for text in texts) and "一、研究本季度工作" in texts


@pytest.mark.parametrize("born, age", [("1985-04-18", 40), ("1985-04-19", 39)])   # the birthday on the day counts
def test_transfer_letter_dues_paid_to_the_last_settled_month_and_age_on_the_day(repo, born, age):
    repo.member("wang-wu", f"""\
        name: 王五
        gender: 男
        born: {born}
        ethnicity: 回族
        group: g1
        dues: {{category: 离退休, base: [{{from: 2025-01, amount: "3000.00"}}]}}
        history:
          - {{date: 2000-07-01, event: full}}
          - {{date: 2025-04-18, event: transferred-out, place: 中共某县某镇委员会}}
        """)
    # 离退休, pension 3000.00 → 0.5% = 15.00 a month. January and February paid, March and April not:
    # dues are paid to February.
    for month in ("01", "02"):
        repo.write(f"dues/2025-{month}.yaml", f"""\
            month: 2025-{month}
            payments:
              - {{member: wang-wu, amount: "15.00", paid_on: 2025-{month}-10}}
            """)
    repo.write("dues/2025-04.yaml", "month: 2025-04\npayments: []\n")
    result = run("render", "letter", "transfer", "wang-wu", "-C", str(repo.root), "--as-of", "2025-12-31")
    assert result.exit_code == 0, result.output
    assert f"王五同志（男，{age}岁，回族）系中共正式党员，组织关系由中共测试社区支部委员会转到中共某县某镇委员会。" in result.stdout
    assert "党费交到2025年2月。" in result.stdout


def test_pdf_fetches_nothing_an_image_in_the_text_names(monkeypatch):
    """A picture URL typed into the records is not fetched: WeasyPrint asks zhidu's fetcher, which
    refuses, and the PDF is made without it. (``file:`` URLs never even become images: markdown-it
    refuses them.)"""
    _weasyprint_or_skip()
    pypdf = pytest.importorskip("pypdf")
    from zhidu_cli.render import pdf
    from zhidu_cli.render.html import markdown_to_html

    asked = []
    refuse = pdf._refuse_fetch
    monkeypatch.setattr(pdf, "_refuse_fetch", lambda url, *a, **k: (asked.append(url), refuse(url)))
    url = "http://127.0.0.1:9/photo.png"
    page = markdown_to_html(f"# 会议记录\n\n![照片]({url})\n\n正文。\n", "t")
    assert f'src="{url}"' in page
    reader = pypdf.PdfReader(io.BytesIO(pdf.html_to_pdf(page)))
    assert asked == [url]
    resources = reader.pages[0]["/Resources"]
    assert "/XObject" not in resources or not any(
        x.get_object().get("/Subtype") == "/Image" for x in resources["/XObject"].values())
    assert "<img" not in markdown_to_html("![x](file:///etc/passwd)", "t")


def test_masks_keep_their_stars_in_word_too():
    from zhidu_cli.render.docx import markdown_to_docx

    document = docx.Document(io.BytesIO(markdown_to_docx("电话 159****6320，或 139****5276；住 幸*********室\n", "t")))
    assert document.paragraphs[0].text == "电话 159****6320，或 139****5276；住 幸*********室"
    assert not any(run.bold for run in document.paragraphs[0].runs)
