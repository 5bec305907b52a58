"""docs/records.md: every field of every record kind, from the field specs, with an example per kind."""

from __future__ import annotations

from zhidu_cli.model import records as R
from zhidu_cli.model import vocab as V
from zhidu_cli.model.fields import FieldSpec, Kind, record_fields

EXAMPLES = {
    "zhidu.yaml": """\
name: 中共幸福里社区支部委员会
short_name: 幸福里社区党支部
upper: 中共城关街道工作委员会
address: 幸福里社区党群服务中心一楼党务公开栏
contact: 0851-8555 0101
founded: 2012-05-01
records_start: 2024-01-01
groups:
  - {id: group-1, name: 第一党小组, from: 2012-05-01}
residents_committee:
  - {name: 刘敏, role: 居委会主任, from: 2021-06-01}
extends: community-branch      # 配置档，见 docs/configuration.md
locale: zh
""",
    "members/<id>.yaml": """\
name: 王五
gender: 男
born: 1968-04-12
phone: "13900001234"          # 隐私
id_number: "520102196804120031"  # 隐私
group: group-1
roles:
  - {role: committee-member, from: 2021-06-01}
dues:
  category: retired
  base:
    - {from: 2024-01, amount: "4800.00"}
    - {from: 2025-07, amount: "5100.00"}
history:
  - {date: 1995-07-01, event: full}
  - {date: 2025-03-01, event: away, place: 广州市天河区, fixed_place: false, certificate: card,
     reason: 照顾孙辈, contact: "13900001234", until: 2025-09-30}
  - {date: 2025-06-30, event: reported, written: true}
  - {date: 2025-09-28, event: returned}
training:
  - {date: 2025-04-10, kind: collective, days: 3, title: 党员集中轮训}
""",
    "meetings/<YYYY>/<YYYY-MM-DD>-<slug>.yaml": """\
type: [主题党日, 党小组会, 学习活动]
date: 2025-03-15
time: "09:00"
place: 社区党群服务中心会议室
group: group-1
chair: li-hua
recorder: zhao-lei
attendees: [li-hua, zhao-lei, wang-wu]
absent:
  - {member: sun-li, reason: 住院治疗}
agenda:
  - title: 学习《中国共产党支部工作条例（试行）》
    summary: 李华领学第二章，大家结合社区工作谈体会。
""",
    "decisions/<YYYY>/<id>.yaml": """\
meeting: 2025-06-20-general-assembly
title: 接收陈晨为中共预备党员
kind: admission
subject: chen-chen
votes: {for: 21, against: 0, abstain: 1}
disclosures:
  - {from: 2025-06-09, to: 2025-06-13, channel: 党务公开栏}
approval: {date: 2025-07-15, by: 中共城关街道工作委员会, reference: 城街党工发〔2025〕18号}
execution:
  - {date: 2025-07-20, note: 已通知本人并编入第一党小组}
""",
    "dues/<YYYY-MM>.yaml": """\
month: 2025-03
published: 2025-04-08
payments:
  - {member: wang-wu, amount: "24.00", paid_on: 2025-03-10}
  - {member: sun-li, amount: "72.00", paid_on: 2025-03-12, months: [2025-03, 2025-04, 2025-05], note: 预交}
  - {member: zhou-qiang, amount: "15.00", paid_on: 2025-03-15, paid_by: zhou-min}
remittance: {date: 2025-04-10, amount: "111.00", to: 城关街道党工委}
""",
    "calendar.yaml": """\
# 仅在 chinesecalendar 库尚未收录某年的放假安排时需要
years:
  - year: 2027
    holidays: [2027-01-01, 2027-02-05, 2027-02-08]
    workdays: [2027-02-07]
""",
}

# Records that say what happened (issue 9.6): each a snippet of one record kind, checked by tests/test_docs.py,
# with the rules that read it.
WHAT_HAPPENED = [
    ("非党员委员缺席并说明原因 / a non-party member absent, with the reason", R.Meeting, "CND006", """\
type: 两委联席会议
date: 2025-01-16
chair: zhang-jianhua
attendees: [zhang-jianhua, li-xiumei, wang-deming]
non_party_present: [刘晓雯, 王芳]
non_party_absent:
  - {name: 周敏, reason: 参加街道民政业务培训}     # 须在 zhidu.yaml 的 residents_committee 名册中
"""),
    ("主持人不是本支部党员 / a chair who is not a branch member", R.Meeting, "CND001", """\
type: [四报一评议, 评议会]
date: 2025-12-19
chair_outside: 何丽萍（东湖街道办事处分包社区领导）   # 与 chair 二选一；支委会、党员大会等仍须书记委托（delegated_by）
recorder: feng-xiaodong
headcount: {expected: 50, present: 46}
"""),
    ("记名表决 / who voted how", R.Decision, "CND003, VOT009, VOT007", """\
meeting: 2025-03-13-joint-meeting
title: 社区公益性岗位招用人选
recused: [li-xiumei]
votes: {for: 7}                 # 省略 votes 时按 ballots 清点
ballots:                        # 回避者或受留党察看者出现在这里，报 CND003 / VOT009
  - {member: zhang-jianhua, vote: 赞成}
  - {member: wang-deming, vote: 赞成}
  - {member: chen-zhiqiang, vote: 弃权, written: true}   # 会前书面表决
"""),
    ("转正申请、留党察看、外出期间短暂回乡 / the conversion application, a 留党察看 sanction, a short visit home",
     R.Member, "PRB005, VOT009, MOB009", """\
name: 黄俊杰
history:
  - {date: 2024-06-14, event: admitted, introducers: [gao-jianjun, xie-ting]}
  - {date: 2024-07-09, event: approved, by: 中共东湖街道工作委员会}
  - {date: 2025-06-10, event: 提出转正申请}          # conversion-applied：书面转正申请（PRB005）
  - {date: 2025-06-14, event: full, decision: 2025-06-convert-huang-junjie}   # 预备期满之日
  - {date: 2025-09-01, event: away, place: 深圳, fixed_place: false, certificate: card, reason: 务工, contact: 微信}
  - {date: 2026-01-20, event: 短期返回, until: 2026-02-06}   # visited：春节回乡，不是 returned
  - {date: 2026-03-01, event: 留党察看, months: 12}        # sanctioned：期间没有表决权（党章 第四十条）
"""),
    ("党小组拆分或合并 / splitting or merging party groups", R.Branch, "MTG003, CND001, LIF001 …", """\
name: 中共南苑路社区支部委员会
upper: 中共东湖街道工作委员会
groups:
  - {id: group-1, name: 第一党小组, from: 2012-05-01}
  - {id: group-4, name: 第四党小组（新建小区）, from: 2025-07-01}
regroupings:                     # 生效日起，名单中的人从 from 小组调入 to 小组；省略 members 即整组合并
  - {date: 2025-07-01, from: group-1, to: group-4, members: [wang-lei, ma-li, xie-ting], note: 第一党小组一分为二}
"""),
]

KINDS = [
    ("zhidu.yaml", "支部信息与配置", R.Branch, [R.Group, R.RosterEntry, R.Regrouping]),
    ("members/<id>.yaml", "党员及入党申请人（一人一档）", R.Member,
     [R.GroupAssignment, R.Role, R.DuesProfile, R.BaseAmount, R.Event, R.Training]),
    ("meetings/<YYYY>/<YYYY-MM-DD>-<slug>.yaml", "会议记录", R.Meeting,
     [R.Absence, R.NonPartyAbsence, R.Headcount, R.Dated, R.AgendaItem, R.ReviewGrade]),
    ("decisions/<YYYY>/<id>.yaml", "决定（议定事项）", R.Decision,
     [R.Votes, R.Ballot, R.Candidate, R.Disclosure, R.Approval, R.Execution, R.Waiver]),
    ("dues/<YYYY-MM>.yaml", "党费收缴台账（每月一份）", R.Ledger, [R.Payment, R.Remittance]),
    ("calendar.yaml", "法定节假日补充（可选）", R.CalendarFile, [R.CalendarYear]),
]

VOCABULARIES = [V.MEETING_TYPES, V.EVENTS, V.ROLES, V.DECISION_KINDS, V.DECISION_STATUSES, V.BALLOT_CHOICES,
                V.DUES_CATEGORIES, V.GRADES, V.CERTIFICATES, V.TRAINING_KINDS, V.GENDERS, V.OCCUPATIONS]


def _kind_text(spec: FieldSpec) -> str:
    kind = spec.kind
    many = isinstance(kind, list)
    inner = kind[0] if many else kind
    if isinstance(inner, type):
        text = f"[{inner.__name__}](#{inner.__name__.lower()})"
    elif isinstance(inner, Kind):
        text = inner.name.replace("enum:", "取值 ") if inner.name.startswith("enum:") else inner.name
    else:
        text = str(inner)
    if many:
        text = f"{text} 列表" + ("（单个值亦可）" if spec.many_or_one else "")
    return text


def _table(cls: type) -> list[str]:
    lines = ["| 字段 | 类型 | 必填 | 隐私 | 说明 |", "|---|---|---|---|---|"]
    for field, spec in record_fields(cls):
        ref = f"（引用{ {'member': '成员', 'meeting': '会议', 'decision': '决定', 'group': '党小组'}[spec.ref] }编号）" if spec.ref else ""
        lines.append(f"| `{spec.key or field.name}` | {_kind_text(spec)} | {'是' if spec.required else ''} | "
                     f"{'隐私' if spec.private else ''} | {spec.doc}{ref} |")
    return lines


def records_markdown() -> str:
    out = [
        "# 记录格式 / The records format",
        "",
        "<!-- generated by `python -m zhidu_cli.docs_gen`; edit src/zhidu_cli/model/records.py, not this file -->",
        "",
        "A records repository is a folder (usually a git repository) holding YAML files in UTF-8:",
        "",
        "```",
        "zhidu.yaml                      # the branch and its configuration",
        "members/<id>.yaml               # one file per person; <id> = the file name (pinyin slug)",
        "meetings/<YYYY>/<YYYY-MM-DD>-<slug>.yaml",
        "decisions/<YYYY>/<id>.yaml",
        "dues/<YYYY-MM>.yaml             # the monthly dues ledger",
        "templates/                      # optional: overrides of the built-in document templates",
        "calendar.yaml                   # optional: holidays for years the built-in calendar lacks",
        "```",
        "",
        "Principles:",
        "",
        "- **Records are dated facts; every status is derived as of a date.** A member's status, group and roles on any",
        "  day follow from `history`, `group` and `roles`; nothing like “current status” is stored.",
        "- **Values are read as text and converted explicitly**: `no` stays the text “no”, `0123` stays “0123”.",
        "  Dates are `YYYY-MM-DD`, months `YYYY-MM`; quote times (`\"14:30\"`) and amounts (`\"45.00\"`).",
        "- **Enumerated values accept the English id or the Chinese name**: `type: 支委会` is `type: branch-committee`.",
        "- **Ids are file names.** `id:` may be omitted; if present it must equal the file name without `.yaml`.",
        "- **Private fields** (marked 隐私 below) never appear in rendered notices, and are shown by `zhidu check` only",
        "  with `--show-source`. Should a private value be typed into free text (a summary, a reason, a note), every",
        "  rendered document masks it however it is written — with spaces or dashes, in full-width digits, an ID number",
        "  with a lowercase `x`, the phone inside a longer contact text — and so it does anything shaped like a",
        "  mainland mobile or ID number (the branch's public `contact` excepted); `zhidu check` warns where it is (PRV001).",
        "- A `# zhidu: ignore[CODE]` comment on a line (or alone on the line before it) suppresses that finding;",
        "  `# zhidu: ignore-file[CODE]` suppresses it in the whole file. A suppression that matches nothing is reported (SUP001).",
        "  A cadence finding is silenced for one period by an `ignore:` entry in zhidu.yaml (docs/configuration.md).",
        "- **Editors** complete and check these fields from JSON Schemas generated from the same declarations",
        "  (`zhidu schema`, written by `zhidu init` into `.zhidu/schema/`; see docs/editors.md).",
        "",
        "What a day means:",
        "",
        "- **`full` (转为正式党员) is dated on the day the member became a full member**: the end of probation",
        "  (《中国共产党发展党员工作细则》: 党龄自预备期满转为正式党员之日算起) — one year after the assembly that",
        "  admitted them, plus any extension. The general assembly's decision and the upper organization's approval",
        "  are recorded on the conversion decision (`kind: conversion`, its `meeting`, `votes`, `approval`) and",
        "  linked from the event with `decision:`. The rules judge the conversion on the assembly's date (PRB001,",
        "  PRB002), and the member's rights as a full member (to vote, to introduce) begin the day after that",
        "  assembly: the subject of a conversion vote is never a voter at it, nor asked to recuse (CND003).",
        "- **A member transferred in** is on this branch's rolls — meetings, quorum, dues — from the",
        "  `transferred-in` event on. Their membership elsewhere is not a `full` event of its own: write it on the",
        "  transfer, `{date: 2013-09-10, event: transferred-in, status: full, joined: 2008-06-20, converted: 2009-06-20}`",
        "  (`joined`: admitted as a probationary member; `converted`: became a full member, 党龄 counts from it).",
        "  An earlier `full` event before the transfer is still read, but only the transfer puts them on these rolls.",
        "- **`records_start`** is the day the records are complete from; what it means for periods, facts and",
        "  deadlines is in [cadence.md](cadence.md#which-periods-are-checked). An explicit `--as-of` date leaves",
        "  records dated after it out ([cadence.md](cadence.md#auditing-as-of-a-past-date)).",
        "",
        "## Which paths are read / 读取哪些文件",
        "",
        "`zhidu check` reads, and counts in its summary line (“检查了 N 个文件（M 个未能读取）”):",
        "",
        "- `zhidu.yaml` and, when present, `calendar.yaml`;",
        "- every regular file named `*.yaml` or `*.yml` (any case) directly in `members/` and `dues/`, and at any depth",
        "  (up to 16 folders) in `meetings/` and `decisions/`. Symlinks to files are followed; symlinks to folders are",
        "  followed when they stay inside the repository and do not lead back up the walk.",
        "",
        "Every other path under those folders, and a `calendar.yaml` or records folder that is not what it should be,",
        "is **reported, never skipped in silence** — an error (SCH010) unless noted:",
        "",
        "| path | finding |",
        "|---|---|",
        "| `members`, `meetings`, `decisions` or `dues` that is a file, FIFO or broken link | SCH010 `not-folder` / `special` / `dangling` |",
        "| a folder that cannot be listed (permissions) | SCH010 `unlistable` |",
        "| a file that cannot be opened | SCH001 `unreadable` |",
        "| a FIFO, socket or device, or a symlink to one | SCH010 `special` (never opened: it could block or never end) |",
        "| a dangling or looping symlink | SCH010 `dangling` / `loop` |",
        "| a folder symlink out of the repository (to `/`, say) | SCH010 `outside` (never walked) |",
        "| a folder named `x.yaml` in `members/` or `dues/` | SCH010 `folder` |",
        "| a YAML file one folder too deep: `members/sub/a.yaml`, `dues/2025/2025-01.yaml` | SCH010 `nested` |",
        "| a file not named `*.yaml` (`README.md`, `a.yml.bak`) | SCH010 `not-yaml`, info |",
        "| a hidden YAML file or hidden folder holding YAML (`.a.yaml`, `.archive/`) | SCH010 `hidden`, info |",
        "| a top-level folder holding YAML that zhidu does not read (`Members/`, `成员/`) | SCH009, warning |",
        "",
        "Not reported: other hidden entries (`.git`, `.gitkeep`, editor files) and zhidu's own temporary",
        "files (`.NAME.zhidu-XXXXXXXX.tmp`, left only by a write that was killed; the next write into that folder",
        "removes those older than a minute).",
        "",
        "**A file that cannot be read or parsed is never suppressed out of existence**: SCH001 (unreadable, not UTF-8,",
        "binary, empty), SCH002 (YAML syntax) and SCH010 stand whatever `# zhidu: ignore…` comments, `--select`,",
        "`--ignore` or `zhidu.yaml` say — every record in such a file is missing from the checks — and a comment that",
        "names one of them is itself reported (SUP001). A required list given empty (`type: []`) is SCH007.",
        "",
        "The fuzz test `tests/test_fuzz.py` holds zhidu to this: it mutates copies of `examples/records` (broken bytes",
        "and YAML, absurd values, files swapped for FIFOs, folders, sockets and odd symlinks, files moved one folder",
        "too deep, hostile templates) and asserts that no run ends in an internal error, every exit code is 0, 1 or 2,",
        "every finding is located, nothing is silently unread and `check` changes nothing. The suite runs 100 cases; a",
        "larger run: `ZHIDU_FUZZ_CASES=1000 .venv/bin/python -m pytest tests/test_fuzz.py -q` (add `ZHIDU_FUZZ_FULL=1`",
        "to mutate the whole example tree, `ZHIDU_FUZZ_SEED=N` for another sequence).",
        "",
    ]
    for title, zh, cls, nested in KINDS:
        out += [f"## `{title}` — {zh}", "", f"### {cls.__name__}", ""] + _table(cls) + [""]
        for sub in nested:
            out += [f"### {sub.__name__}", ""]
            shorthand = getattr(sub, "SHORTHAND", None)
            if shorthand:
                out += [f"May be written as a bare value, which stands for `{shorthand}`.", ""]
            out += _table(sub) + [""]
        out += ["Example:", "", "```yaml", EXAMPLES[title].rstrip(), "```", ""]
    out += ["## 如实记录 / Records that say what happened", "",
            "Situations found awkward to record at first, each with the fields that record it and the rules that read it.",
            ""]
    for title, cls, rules, text in WHAT_HAPPENED:
        out += [f"### {title}", "", f"Read by {rules}.", "", "```yaml", text.rstrip(), "```", ""]
    out += ["## Vocabularies / 取值", ""]
    for vocab in VOCABULARIES:
        out += [f"### {vocab.name}", "", "| id | 中文 | 也可写作 |", "|---|---|---|"]
        out += [f"| `{i}` | {zh} | {'、'.join(aliases)} |" for i, zh, aliases in vocab.terms] + [""]
    return "\n".join(out).rstrip() + "\n"
