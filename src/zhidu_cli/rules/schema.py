"""SCH, CFG, SUP and ZHD: problems with the files themselves, the configuration, and zhidu.

These codes are emitted by the loader, the builder, the configuration reader and the engine, not by a
check of their own; they are registered here so every code has a citation, a catalogue entry and docs.
"""

from __future__ import annotations

from zhidu_cli.diagnostics.finding import Severity
from zhidu_cli.records.yaml_loader import MESSAGES as LOADER_MESSAGES
from zhidu_cli.rules.engine import Example, Message, Rule

FORMAT = "zhidu 记录格式（docs/records.md）"
CONFIG = "zhidu 配置（docs/configuration.md）"


def _loader_messages(code: str) -> dict[str, Message]:
    found: dict[str, Message] = {}
    for (entry_code, variant), texts in LOADER_MESSAGES.items():
        if entry_code == code:
            found[variant] = Message(*texts)
    if "" not in found and found:
        found[""] = next(iter(found.values()))
    return found


def _rule(code, name, zh, en, messages, *, severity=Severity.ERROR, citation=FORMAT, examples=()):
    family = code[:3]
    return Rule(code, name, family, zh, en, citation, severity, messages, examples=examples)


_VALUE_MESSAGES = {
    "": Message("字段 {field} 的值 “{value}” 无效", "invalid value “{value}” for {field}"),
    "date": Message("字段 {field} 应为日期 YYYY-MM-DD，实为 “{value}”", "{field} must be a date YYYY-MM-DD, got “{value}”",
                    "例如 2025-03-15；月、日补足两位", "e.g. 2025-03-15, with two-digit month and day"),
    "no-such-date": Message("字段 {field} 的日期 {value} 不存在", "{field}: {value} is not a real date",
                            "检查月份天数（如 2 月没有 30 日）", "check the days of that month"),
    "month": Message("字段 {field} 应为月份 YYYY-MM，实为 “{value}”", "{field} must be a month YYYY-MM, got “{value}”"),
    "year": Message("字段 {field} 的年份不对：“{value}”", "{field}: “{value}” is not a plausible year",
                    "年份应在 1900–2199 之间；多半是笔误", "the year must be 1900–2199; probably a typo"),
    "time": Message("字段 {field} 应为时刻 HH:MM，实为 “{value}”", "{field} must be a time HH:MM, got “{value}”",
                    "时刻请加引号，如 \"14:30\"", "quote times, e.g. \"14:30\""),
    "int": Message("字段 {field} 应为非负整数，实为 “{value}”", "{field} must be a whole number, got “{value}”",
                   "不要写前导零或小数", "no leading zeros, no decimals"),
    "number": Message("字段 {field} 应为非负数，实为 “{value}”", "{field} must be a non-negative number, got “{value}”"),
    "bool": Message("字段 {field} 应为 true 或 false，实为 “{value}”", "{field} must be true or false, got “{value}”"),
    "empty": Message("字段 {field} 的列表中有空项", "{field} has an empty item"),
    "empty-list": Message("必填字段 {field} 不能是空列表", "the required field {field} cannot be an empty list",
                          "至少写一项", "give at least one item"),
    "money-format": Message("字段 {field} 的金额 “{value}” 不是数字", "{field}: amount “{value}” is not a number",
                            "只写数字和小数点，如 \"45.00\"；注意字母 O 与数字 0", "digits and a point only, e.g. \"45.00\"; mind letter O vs digit 0"),
    "fullwidth": Message("字段 {field} 的 “{value}” 用了全角数字或符号，已按 “{ascii}” 读取",
                         "{field}: “{value}” is written with full-width digits; read as “{ascii}”",
                         "改为半角数字 “{ascii}”（中文输入法下切换到半角，或用英文输入法输入数字）",
                         "write “{ascii}” in ASCII digits (switch the input method to half-width)"),
    "money-negative": Message("字段 {field} 的金额 {value} 为负数", "{field}: amount {value} is negative"),
    "money-range": Message("字段 {field} 的金额 {value} 过大", "{field}: amount {value} is too large",
                           "整数部分最多 12 位；多半是把别的号码填进了金额", "at most 12 digits before the point; probably another number pasted in"),
    "money-precision": Message("字段 {field} 的金额 {value} 超过两位小数", "{field}: amount {value} has more than two decimals",
                               "金额精确到分", "amounts are exact to the fen (0.01)"),
}

RULES = (
    _rule("SCH001", "unreadable-file", "文件无法读取（非 UTF-8、二进制或空文件）", "file cannot be read (not UTF-8, binary or empty)",
          _loader_messages("SCH001") | {"unreadable": Message("无法读取文件：{detail}", "cannot read file: {detail}")},
          examples=(Example('name: 陈晨\nhistory:\n  - {date: 2000-07-01, event: full}',
                            '# 空文件：什么也没写\n', path='members/chen-chen.yaml'),)),
    _rule("SCH002", "yaml-syntax", "YAML 语法错误", "YAML syntax error", _loader_messages("SCH002"),
          examples=(Example('name: 陈晨\nhistory:\n  - {date: 2000-07-01, event: full}',
                            'name: 陈晨\nhistory:\n  - {date: 2000-07-01, event: full', path='members/chen-chen.yaml'),)),
    _rule("SCH003", "duplicate-key", "同一映射中键重复", "duplicate key in a mapping", _loader_messages("SCH003"),
          examples=(Example('name: 陈晨\nhistory:\n  - {date: 2000-07-01, event: full}',
                            'name: 陈晨\nname: 陈辰\nhistory:\n  - {date: 2000-07-01, event: full}', path='members/chen-chen.yaml'),)),
    _rule("SCH004", "missing-field", "缺少必填字段", "required field missing", {
        "": Message("缺少必填字段 {field}", "required field {field} is missing",
                    "参见 docs/records.md 中该类记录的字段表", "see the field table in docs/records.md")},
          examples=(Example('name: 陈晨\nhistory:\n  - {date: 2000-07-01, event: full}',
                            'name: 陈晨\nhistory:\n  - {event: full}', path='members/chen-chen.yaml'),)),
    _rule("SCH005", "unknown-key", "未知字段", "unknown key", {
        "": Message("未知字段 {key}", "unknown key {key}", "可用字段：{allowed}", "allowed keys: {allowed}"),
        "suggest": Message("未知字段 {key}，是否应为 {suggestion}？", "unknown key {key}; did you mean {suggestion}?",
                           "可用字段：{allowed}", "allowed keys: {allowed}")},
          examples=(Example('name: 陈晨\nhistory:\n  - {date: 2000-07-01, event: full}',
                            'name: 陈晨\nhistroy:\n  - {date: 2000-07-01, event: full}', path='members/chen-chen.yaml'),)),
    _rule("SCH006", "wrong-shape", "值的结构不对（映射 / 列表 / 单值）", "value has the wrong shape (mapping / list / scalar)", {
        "": Message("{field} 应为{expected_zh}，实为{found_zh}", "{field} must be a {expected}, found a {found}")}
        | {k: Message(*v) for (c, k), v in LOADER_MESSAGES.items() if c == "SCH006"},
          examples=(Example('name: 陈晨\nhistory:\n  - {date: 2000-07-01, event: full}',
                            'name: 陈晨\nhistory: {date: 2000-07-01, event: full}', path='members/chen-chen.yaml'),)),
    _rule("SCH007", "invalid-value", "值无效（日期、数字、金额、时刻）", "invalid value (date, number, money, time)", _VALUE_MESSAGES,
          examples=(Example('name: 陈晨\nhistory:\n  - {date: 2000-07-01, event: full}',
                            'name: 陈晨\nhistory:\n  - {date: 2000-7-1, event: full}', path='members/chen-chen.yaml'),)),
    _rule("SCH008", "value-not-allowed", "取值不在允许范围内", "value not among the allowed ones", {
        "": Message("{field} 不允许取值 “{value}”", "“{value}” is not allowed for {field}",
                    "可用取值：{allowed}（也可写中文名称）", "allowed: {allowed} (or their Chinese names)"),
        "suggest": Message("{field} 不允许取值 “{value}”，是否应为 {suggestion}？",
                           "“{value}” is not allowed for {field}; did you mean {suggestion}?",
                           "可用取值：{allowed}（也可写中文名称）", "allowed: {allowed} (or their Chinese names)")},
          examples=(Example('name: 陈晨\nhistory:\n  - {date: 2000-07-01, event: full}',
                            'name: 陈晨\nhistory:\n  - {date: 2000-07-01, event: 正式}', path='members/chen-chen.yaml'),)),
    _rule("SCH009", "unread-folder", "记录放在 zhidu 不读取的目录中", "records in a folder zhidu does not read", {
        "": Message("目录 {folder}/ 中有 {count} 个 YAML 文件，zhidu 不读取该目录", "{folder}/ holds {count} YAML "
                    "file(s) that zhidu does not read", "记录应放在 {known} 目录下", "records belong under {known}"),
        "suggest": Message("目录 {folder}/ 中有 {count} 个 YAML 文件，zhidu 不读取该目录；是否应为 {suggestion}/？",
                           "{folder}/ holds {count} YAML file(s) that zhidu does not read; did you mean {suggestion}/?",
                           "记录应放在 {known} 目录下", "records belong under {known}")},
          severity=Severity.WARNING,
          examples=(Example('month: 2025-03',
                            'month: 2025-03', path='dues/2025-03.yaml', failing_path='due/2025-03.yaml'),)),
    _rule("SCH010", "unread-path", "记录目录中有未读取的路径（目录、特殊文件、失效链接、层级不对）",
          "a path under a records folder is not read (folder, special file, broken link, wrong depth)", {
        "": Message("未读取", "not read"),
        "not-folder": Message("这不是目录，其中的记录不会被读取", "not a folder: no record in it is read",
                              "记录目录应是文件夹，把文件移入其中", "a records folder must be a folder; move the file into one"),
        "unlistable": Message("无法列出该目录：{detail}；其中的记录均未读取",
                              "cannot list the folder: {detail}; none of its records were read",
                              "检查目录权限（需要可读、可进入）", "check the folder's permissions (read and execute)"),
        "unreadable": Message("无法读取：{detail}", "cannot read: {detail}",
                              "检查文件权限", "check the permissions"),
        "special": Message("这是{kind_zh}，不是普通文件，未读取", "a {detail}, not a regular file: not read",
                           "记录应是普通的 .yaml 文件", "a record must be a regular .yaml file"),
        "dangling": Message("符号链接指向不存在的 {target}，未读取",
                            "a symlink to {target}, which does not exist: not read",
                            "修正或删除该链接", "fix or remove the link"),
        "loop": Message("循环的符号链接（{target}），未读取", "a symlink loop ({target}): not read",
                        "修正或删除该链接", "fix or remove the link"),
        "outside": Message("目录链接指向仓库之外（{target}），其中的记录未读取",
                           "a link to a folder outside the repository ({target}): its records were not read",
                           "把记录放进仓库本身", "keep the records inside the repository itself"),
        "folder": Message("这是目录而不是文件，未读取", "a folder, not a file: not read",
                          "记录是 .yaml 文件；目录名不要以 .yaml 结尾", "a record is a .yaml file; do not name folders *.yaml"),
        "nested": Message("在子目录中，未读取：{folder}/ 中的记录应直接放在该目录下",
                          "in a subfolder: not read; records go directly in {folder}/",
                          "把文件移到 {folder}/ 下", "move the file into {folder}/ itself"),
        "too-deep-folder": Message("目录层级超过 {limit} 层，未读取",
                                   "nested more than {limit} folders deep: not read"),
        "not-yaml": Message("不是 .yaml 文件，未读取", "not a .yaml file: not read",
                            "若这是记录，请改用 .yaml 扩展名", "if it is a record, give it the .yaml extension"),
        "hidden": Message("名称以“.”开头（隐藏），未读取", "the name starts with '.' (hidden): not read",
                          "若这是记录，请去掉开头的“.”", "if it is a record, remove the leading '.'")},
          examples=(Example("name: 陈晨\nhistory:\n  - {date: 2000-07-01, event: full}",
                            "name: 陈晨\nhistory:\n  - {date: 2000-07-01, event: full}",
                            path="members/chen-chen.yaml", failing_path="members/2025/chen-chen.yaml",
                            note="members/ 下的子目录不被读取 / a member file in a subfolder is not read"),)),
    _rule("CFG001", "unknown-rule", "配置中的规则代码不存在", "unknown rule code in the configuration", {
        "": Message("没有规则 {code}", "no rule {code}", "zhidu rules 列出全部规则", "zhidu rules lists them all"),
        "suggest": Message("没有规则 {code}，是否应为 {suggestion}？", "no rule {code}; did you mean {suggestion}?",
                           "zhidu rules 列出全部规则", "zhidu rules lists them all")},
        citation=CONFIG,
          examples=(Example('rules:\n  MTG008: off',
                            'rules:\n  MTG080: off', path='zhidu.yaml'),)),
    _rule("CFG002", "unknown-parameter", "规则没有该参数", "the rule has no such parameter", {
        "": Message("规则 {code} 没有参数 {param}", "rule {code} has no parameter {param}",
                    "可用：{allowed}", "allowed: {allowed}"),
        "suggest": Message("规则 {code} 没有参数 {param}，是否应为 {suggestion}？",
                           "rule {code} has no parameter {param}; did you mean {suggestion}?",
                           "可用：{allowed}", "allowed: {allowed}")}, citation=CONFIG,
          examples=(Example('rules:\n  QRM001: {wording: 半数以上}',
                            'rules:\n  QRM001: {wordng: 半数以上}', path='zhidu.yaml'),)),
    _rule("CFG003", "bad-setting", "配置值无效", "invalid configuration value", {
        "": Message("{key} 的值 “{value}” 无效，应为 {expected}", "invalid value “{value}” for {key}; expected {expected}"),
        "dues": Message("党费配置 dues 有误：{detail_zh}", "invalid dues configuration: {detail_en}",
                        "dues 各键的含义见 docs/dues.md", "the dues keys are described in docs/dues.md")},
        citation=CONFIG,
          examples=(Example('rules:\n  DUE002: {severity: error}',
                            'rules:\n  DUE002: {severity: fatal}', path='zhidu.yaml'),)),
    _rule("CFG004", "unknown-profile", "未知的规则配置档（extends）", "unknown profile in extends", {
        "": Message("没有名为 {name} 的配置档", "no profile named {name}", "可用：{available}", "available: {available}"),
        "suggest": Message("没有名为 {name} 的配置档，是否应为 {suggestion}？", "no profile named {name}; did you mean {suggestion}?",
                           "可用：{available}", "available: {available}")},
        citation=CONFIG,
          examples=(Example('extends: guizhou-community',
                            'extends: guizhou', path='zhidu.yaml'),)),
    _rule("CFG005", "unknown-body", "未知的可选机构（optional_bodies）", "unknown optional body", {
        "": Message("没有名为 {name} 的可选机构", "no optional body named {name}", "可用：{available}", "available: {available}"),
        "suggest": Message("没有名为 {name} 的可选机构，是否应为 {suggestion}？", "no optional body named {name}; did you mean {suggestion}?",
                           "可用：{available}", "available: {available}")},
        citation=CONFIG,
          examples=(Example('optional_bodies: [trade-union]',
                            'optional_bodies: [union]', path='zhidu.yaml'),)),
    _rule("CFG006", "bad-branch", "工作区的支部列表（branches）有误", "invalid branches list of a workspace", {
        "": Message("branches 的一项有误：{detail_zh}", "invalid entry in branches: {detail_en}",
                    "每项写作 {{id: nanyuan, path: branches/nanyuan}}，见 docs/street.md",
                    "write each entry as {{id: nanyuan, path: branches/nanyuan}}; see docs/street.md"),
        "missing": Message("支部 {id} 的目录 {path} 不存在", "branch {id}: folder {path} does not exist",
                           "检查 path 的拼写；子模块须先检出", "check the path; a submodule must be checked out first"),
        "submodule": Message("支部 {id} 的目录 {path} 中没有 zhidu.yaml（git 子模块未检出？）",
                             "branch {id}: no zhidu.yaml in {path} (a git submodule not checked out?)",
                             "运行 git submodule update --init", "run git submodule update --init"),
        "not-a-repository": Message("支部 {id} 的目录 {path} 中没有 zhidu.yaml", "branch {id}: no zhidu.yaml in {path}",
                                    "在该目录运行 zhidu init，或改正 path", "run zhidu init there, or correct the path"),
        "duplicate": Message("支部编号 {id} 重复", "branch id {id} is used twice",
                             "每个支部的 id 须唯一", "each branch needs its own id")},
        citation=CONFIG),
    _rule("SUP001", "unused-suppression", "未使用的 zhidu: ignore 注释", "unused zhidu: ignore comment", {
        "": Message("注释 ignore[{code}] 没有屏蔽任何问题", "ignore[{code}] suppresses nothing",
                    "问题已解决时请删除该注释", "remove the comment once the problem is fixed"),
        "unknown": Message("注释 ignore[{code}] 中的规则代码不存在", "ignore[{code}] names no rule",
                           "检查拼写，代码须大写，如 REF003", "check the spelling; codes are upper case, e.g. REF003"),
        "unsuppressible": Message("注释 ignore[{code}] 无效：无法读取或解析的文件不能屏蔽",
                                  "ignore[{code}] has no effect: a file that cannot be read or parsed is never suppressed",
                                  "修正该文件；其中的记录目前都未被检查", "fix the file; none of its records is checked until then"),
        "period": Message("zhidu.yaml 的 ignore 条目（{code}，{period}）没有屏蔽任何问题",
                          "the ignore entry ({code}, {period}) in zhidu.yaml suppresses nothing",
                          "该期间已无此问题时请删除该条目", "remove the entry once the period has no such finding")},
        severity=Severity.WARNING, citation=CONFIG,
          examples=(Example('name: 陈晨\nhistory:\n  - {date: 2000-07-01, event: full}\n  - {date: 2030-01-01, event: away}  # zhidu: ignore[REF005]',
                            'name: 陈晨\nhistory:\n  - {date: 2000-07-01, event: full}  # zhidu: ignore[REF005]', path='members/chen-chen.yaml', select=('REF005',)),)),
    _rule("SUP002", "stale-baseline-entry", "基线文件中的问题已不再出现", "a baseline entry no longer occurs", {
        "": Message("基线中的 {code}（{path}）已不再出现", "the baselined {code} in {path} no longer occurs",
                    "问题已解决：用 zhidu check --write-baseline 重新生成基线，免得它掩盖今后同样的问题",
                    "it was fixed: regenerate the baseline with zhidu check --write-baseline so that it cannot hide "
                    "a later problem of the same kind")},
        severity=Severity.WARNING, citation=CONFIG),
    _rule("ZHD001", "internal-error", "规则执行出错（zhidu 的缺陷）", "a rule failed (a bug in zhidu)", {
        "": Message("规则 {rule} 执行出错：{error}（{where}）", "rule {rule} failed: {error} ({where})",
                    "请报告此问题；其余规则的结果仍然有效", "please report it; the other rules' results stand")},
        citation="zhidu"),
)

