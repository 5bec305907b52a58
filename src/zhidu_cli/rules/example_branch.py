"""The example branch every rule's examples are written against, so that each example runs.

A rule's passing and failing snippets (:class:`zhidu_cli.rules.engine.Example`) are whole files of a
small branch: this ``zhidu.yaml`` (two party groups, a residents' committee of four non-party
members) and, unless an example asks for the bare branch, fourteen members — twelve full members on
the rolls since 2000 (m01 secretary, m02 deputy secretary, m03–m05 committee members, m06 and m07
group leaders; m01–m06 in group g1, m07–m12 in g2) and two probationary members (p01 in g1, p02 in
g2) who arrived on 2025-03-01. ``tests/test_rule_examples.py`` writes these files, adds the example's
own, checks as of the example's date and compares the findings of the rule's code with what the
example promises; docs/rules.md describes the branch once, above the rules.
"""

from __future__ import annotations

from typing import Mapping

CONFIG = """\
name: 中共幸福里社区支部委员会
upper: 中共幸福街道工作委员会
groups:
  - {id: g1, name: 第一党小组}
  - {id: g2, name: 第二党小组}
residents_committee:
  - {name: 刘敏, role: 居委会主任}
  - {name: 张强, role: 居委会委员}
  - {name: 王芳, role: 居委会委员}
  - {name: 赵丽, role: 居委会委员}
"""

NAMES = {
    "m01": "王建国", "m02": "李秀英", "m03": "张伟", "m04": "刘洋", "m05": "陈静", "m06": "杨帆",
    "m07": "赵磊", "m08": "黄丽", "m09": "周强", "m10": "吴敏", "m11": "徐涛", "m12": "孙霞",
    "p01": "马骏", "p02": "胡月",
}
ROLES = {"m01": "secretary", "m02": "deputy-secretary", "m03": "committee-member", "m04": "committee-member",
         "m05": "committee-member", "m06": "group-leader", "m07": "group-leader"}


def _member(member_id: str) -> str:
    group = "g1" if member_id in ("m01", "m02", "m03", "m04", "m05", "m06", "p01") else "g2"
    text = f"name: {NAMES[member_id]}\ngroup: {group}\nhistory:\n"
    if member_id.startswith("p"):
        text += "  - {date: 2025-03-01, event: transferred-in, status: probationary}\n"
    else:
        text += "  - {date: 2000-07-01, event: full}\n"
    if member_id in ROLES:
        extra = f", group: {group}" if ROLES[member_id] == "group-leader" else ""
        text += f"roles:\n  - {{role: {ROLES[member_id]}, from: 2020-01-01{extra}}}\n"
    return text


MEMBERS: Mapping[str, str] = {f"members/{mid}.yaml": _member(mid) for mid in NAMES}

BACKGROUNDS: Mapping[str, Mapping[str, str]] = {
    "bare": {},
    "members": MEMBERS,
}


def example_files(example, snippet: str, *, failing: bool = False) -> dict[str, str]:
    """Every file of the repository an example runs in: path → text (``zhidu.yaml`` included)."""
    path = (example.failing_path or example.path) if failing else example.path
    context = dict(example.context)
    config = CONFIG + context.pop("zhidu.yaml", "")     # context settings (a rule switched on) are appended
    files = {"zhidu.yaml": config, **BACKGROUNDS[example.background], **context}
    if path == "zhidu.yaml":
        files["zhidu.yaml"] = files["zhidu.yaml"] + snippet.rstrip("\n") + "\n"
    else:
        files[path] = snippet.rstrip("\n") + "\n"
    return files
