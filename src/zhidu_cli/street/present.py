"""The roll-up document as people read it: a terminal table and an Excel workbook.

Both are pure functions of the JSON document (:func:`zhidu_cli.street.rollup.rollup_document`), so
a roll-up read back from published reports prints exactly like one computed from the records.
"""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any, Mapping

from zhidu_cli.street.rollup import STAGES

#: Column headings, zh and en; one list so the table and the workbook's summary sheet agree.
SUMMARY_COLUMNS = (
    ("branch", "支部", "Branch"),
    ("errors", "错误", "Errors"),
    ("warnings", "警告", "Warnings"),
    ("infos", "提示", "Infos"),
    ("meetings", "会议 已开/应开", "Meetings held/req."),
    ("overdue", "逾期会议", "Overdue"),
    ("development_overdue", "发展逾期", "Dev. overdue"),
    ("collected", "已收党费", "Collected"),
    ("outstanding", "欠交党费", "Outstanding"),
    ("remitted", "已上缴", "Remitted"),
    ("behind", "欠交≥3月", "3+ mo. behind"),
    ("pipeline", "申请/积极/对象/接收/预备", "Appl./activ./target/adm./prob."),
    ("review", "评议 参加/应参加", "Review took part/exp."),
)

STAGE_NAMES = {
    "applicant": ("入党申请人", "applicants"), "activist": ("入党积极分子", "activists"),
    "target": ("发展对象", "development targets"), "admitted": ("已接收待审批", "admitted, awaiting approval"),
    "probationary": ("预备党员", "probationary members"), "full": ("正式党员", "full members"),
}


def _header(key: str, lang: str) -> str:
    for column, zh, en in SUMMARY_COLUMNS:
        if column == key:
            return en if lang == "en" else zh
    raise KeyError(key)


def branch_label(branch: Mapping[str, Any]) -> str:
    name = branch.get("short_name") or branch.get("name")
    return f"{branch['id']} {name}" if name else branch["id"]


def summary_cells(branch: Mapping[str, Any]) -> dict[str, str]:
    """One branch's row of the summary, as text."""
    if branch.get("error"):
        return {"branch": branch["id"]}
    totals = branch["findings"]["total"]
    held = sum(m["held"] for m in branch["meetings"])
    required = sum(m["required"] for m in branch["meetings"])
    review = branch["review"]
    return {
        "branch": branch["id"],
        "errors": str(totals["error"]), "warnings": str(totals["warning"]), "infos": str(totals["info"]),
        "meetings": f"{held}/{required}",
        "overdue": str(len(branch["overdue"]["meetings"])),
        "development_overdue": str(branch["overdue"]["development"]),
        "collected": branch["dues"]["collected"], "outstanding": branch["dues"]["outstanding"],
        "remitted": branch["dues"]["remitted"],
        "behind": str(branch["dues_behind"]["members"]),
        "pipeline": "/".join(str(branch["pipeline"][s.value]) for s in STAGES[:-1]),
        "review": f"{review['took_part']}/{review['expected']}" + (f" ({review['year']})" if review["year"] else ""),
    }


def totals_cells(document: Mapping[str, Any], lang: str) -> dict[str, str]:
    t = document["totals"]
    read = [b for b in document["branches"] if not b.get("error")]
    held = sum(m["held"] for b in read for m in b["meetings"])
    required = sum(m["required"] for b in read for m in b["meetings"])
    return {
        "branch": "Total" if lang == "en" else "合计",
        "errors": str(t["findings"]["error"]), "warnings": str(t["findings"]["warning"]),
        "infos": str(t["findings"]["info"]), "meetings": f"{held}/{required}",
        "overdue": str(t["overdue_meetings"]), "development_overdue": str(t["overdue_development"]),
        "collected": t["dues"]["collected"], "outstanding": t["dues"]["outstanding"], "remitted": t["dues"]["remitted"],
        "behind": str(t["dues_behind"]),
        "pipeline": "/".join(str(t["pipeline"][s.value]) for s in STAGES[:-1]),
        "review": f"{t['review']['took_part']}/{t['review']['expected']}",
    }


def rollup_table(document: Mapping[str, Any], lang: str):
    """A rich table, one row per branch and a totals row; a branch that could not be read says so."""
    from rich import box
    from rich.table import Table

    en = lang == "en"
    table = Table(title=(f"Roll-up as of {document['as_of']}" if en else f"汇总（截至 {document['as_of']}）"),
                  box=box.SIMPLE_HEAD, title_justify="left", pad_edge=False, show_footer=True)
    footer = totals_cells(document, lang)
    for i, (key, _, _) in enumerate(SUMMARY_COLUMNS):
        table.add_column(_header(key, lang), footer=footer[key], overflow="fold", no_wrap=i > 0,
                         justify="left" if i == 0 else "right")
    for branch in document["branches"]:
        cells = summary_cells(branch)
        if branch.get("error"):
            first = branch["error"].splitlines()[0]
            table.add_row(cells["branch"], *(["—"] * (len(SUMMARY_COLUMNS) - 2)),
                          ("unreadable: " if en else "无法读取：") + first, style="red")
            continue
        style = "red" if int(cells["errors"]) or int(cells["overdue"]) else None
        table.add_row(*(cells[key] for key, _, _ in SUMMARY_COLUMNS), style=style)
    return table


def names_text(document: Mapping[str, Any], lang: str) -> str:
    """With ``--with-names``: who is behind with dues and whose development step is overdue or due soon."""
    en = lang == "en"
    lines = []
    for branch in document["branches"]:
        names = branch.get("names")
        if not names:
            continue
        behind = "、".join(f"{n['name']}（{n['months']}个月）" for n in names["dues_behind"]) if not en else \
            ", ".join(f"{n['name']} ({n['months']} months)" for n in names["dues_behind"])
        late = ("、" if not en else ", ").join(f"{n['name']} {n['what']} {n['due']}" for n in names["development_overdue"])
        soon = ("、" if not en else ", ").join(f"{n['name']} {n['what']} {n['due']}" for n in names["development_due_soon"])
        lines.append(f"[{branch['id']}]")
        lines.append(("  dues 3+ months behind: " if en else "  欠交党费3个月以上：") + (behind or "—"))
        lines.append(("  development overdue: " if en else "  发展逾期：") + (late or "—"))
        lines.append(("  development due soon: " if en else "  发展30天内到期：") + (soon or "—"))
    return "\n".join(lines)


# --- the workbook ---------------------------------------------------------------------------------------

def _number(text: str) -> Decimal:
    return Decimal(text)


def rollup_xlsx(document: Mapping[str, Any], lang: str) -> bytes:
    """The roll-up as an .xlsx workbook: a summary sheet like the table (money and counts as numbers),
    then findings by family, meetings per body, overdue periods, the pipeline and, with names, the names."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    en = lang == "en"
    book = Workbook()
    bold = Font(bold=True)

    def sheet(title: str, headers: list[str], rows: list[list[Any]], first: bool = False):
        ws = book.active if first else book.create_sheet()
        ws.title = title
        ws.append(headers)
        for cell in ws[1]:
            cell.font = bold
        for row in rows:
            ws.append(row)
        for column in ws.columns:
            width = max(len(str(c.value or "")) for c in column)
            ws.column_dimensions[column[0].column_letter].width = min(max(width * 1.6, 8), 60)
        ws.freeze_panes = "B2"
        return ws

    read = [b for b in document["branches"] if not b.get("error")]
    stages = [s.value for s in STAGES]
    headers = (["Branch", "Name", "Errors", "Warnings", "Infos", "Meetings held", "Meetings required",
                "Overdue meetings", "Development overdue", "Dues owed", "Dues collected", "Dues outstanding",
                "Dues remitted", "Members 3+ months behind"] + [STAGE_NAMES[s][1] for s in stages] +
               ["Review year", "Review expected", "Review graded", "Review took part"]) if en else \
        (["支部", "名称", "错误", "警告", "提示", "会议已开", "会议应开", "逾期会议", "发展逾期", "党费应交", "党费已收",
          "党费欠交", "党费已上缴", "欠交3月以上人数"] + [STAGE_NAMES[s][0] for s in stages] +
         ["评议年度", "评议应参加", "评议已评定", "评议已参加"])
    rows = []
    for b in read:
        f, d, r = b["findings"]["total"], b["dues"], b["review"]
        rows.append([b["id"], b.get("name") or "", f["error"], f["warning"], f["info"],
                     sum(m["held"] for m in b["meetings"]), sum(m["required"] for m in b["meetings"]),
                     len(b["overdue"]["meetings"]), b["overdue"]["development"],
                     _number(d["owed"]), _number(d["collected"]), _number(d["outstanding"]), _number(d["remitted"]),
                     b["dues_behind"]["members"]] + [b["pipeline"][s] for s in stages] +
                    [r["year"], r["expected"], r["graded"], r["took_part"]])
    for b in document["branches"]:
        if b.get("error"):
            rows.append([b["id"], ("unreadable: " if en else "无法读取：") + b["error"].splitlines()[0]])
    summary = sheet("Summary" if en else "汇总", headers, rows, first=True)
    for row in summary.iter_rows(min_row=2):
        for cell in row[9:13]:
            cell.number_format = "0.00"
    summary.cell(row=summary.max_row + 2, column=1,
                 value=(f"as of {document['as_of']}" if en else f"截至 {document['as_of']}"))

    families = sorted({fam for b in read for fam in b["findings"]["by_family"]})
    sheet("Findings" if en else "问题", (["Branch", "Family", "Errors", "Warnings", "Infos"] if en else
                                        ["支部", "类别", "错误", "警告", "提示"]),
          [[b["id"], fam, c["error"], c["warning"], c["info"]] for b in read
           for fam in families if (c := b["findings"]["by_family"].get(fam))])
    sheet("Meetings" if en else "会议", (["Branch", "Body", "Per", "Groups", "Required", "Held", "Overdue", "Due"] if en else
                                        ["支部", "会议", "周期", "党小组数", "应开", "已开", "逾期", "待开"]),
          [[b["id"], m["body_name"], m["per"], m["groups"], m["required"], m["held"], m["overdue"], m["due"]]
           for b in read for m in b["meetings"]])
    sheet("Overdue" if en else "逾期", (["Branch", "Body", "Group", "Period", "Start", "End", "Days overdue"] if en else
                                       ["支部", "会议", "党小组", "周期", "开始", "结束", "逾期天数"]),
          [[b["id"], p["body_name"], p["group_name"] or "", p["period"], p["start"], p["end"], p["days_overdue"]]
           for b in read for p in b["overdue"]["meetings"]])
    if any(b.get("names") for b in read):
        sheet("Names" if en else "名单", (["Branch", "List", "Name", "Detail"] if en else ["支部", "名单", "姓名", "说明"]),
              [[b["id"], "dues 3+ months" if en else "欠交3月以上", n["name"], n["months"]]
               for b in read for n in b.get("names", {}).get("dues_behind", [])] +
              [[b["id"], "development overdue" if en else "发展逾期", n["name"], f"{n['what']} {n['due']}"]
               for b in read for n in b.get("names", {}).get("development_overdue", [])])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
