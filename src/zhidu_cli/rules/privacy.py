"""PRV: private values belong in private fields, not in free text.

A phone number, an ID number or an address typed into a summary, a reason or a note is masked in
every rendered document (:mod:`zhidu_cli.privacy`), but it still sits in a file that many people
read and copy, and a mask in a notice reads oddly. So ``check`` says where it is, as a warning: the
value belongs in the member's ``phone`` / ``id_number`` / ``address`` field, which the schema keeps
private (DESIGN: "Private fields (phone, ID number, address) are marked private in the schema and
never printed in a notice").
"""

from __future__ import annotations

from typing import Any

from zhidu_cli.diagnostics.finding import Severity
from zhidu_cli.model.fields import TEXT
from zhidu_cli.privacy import find, secrets_of
from zhidu_cli.rules.engine import Context, Example, Message, Rule
from zhidu_cli.rules.integrity import all_records, walk

CITATION = "DESIGN §1（隐私字段不得出现在公示中）；zhidu 记录格式（docs/records.md 隐私字段）"
_KIND_ZH = {"mobile": "手机号", "id-number": "身份证号", "private": "隐私字段中的值"}
_KIND_EN = {"mobile": "a mobile number", "id-number": "an ID number", "private": "a private field's value"}


def _free_text(cls: type, name: str, spec: Any) -> bool:
    """A text field that is neither private nor a reference: where a secretary types prose."""
    kind = spec.kind[0] if isinstance(spec.kind, list) else spec.kind
    return kind is TEXT and not spec.private and not spec.ref


def check_private_in_free_text(ctx: Context):
    from zhidu_cli.render.filters import mask

    secrets = secrets_of(ctx.records)
    seen: dict[str, list] = {}          # generated titles and summaries repeat: each text is searched once
    for top in all_records(ctx.records):
        for record, name, spec, value in walk(top, _free_text):
            values = value if isinstance(value, tuple) else (value,)
            for index, text in enumerate(values):
                text = str(text)
                hits = seen.get(text)
                if hits is None:
                    hits = seen[text] = find(text, secrets)
                for hit in hits:
                    yield ctx.problem(record.where(name, index if isinstance(value, tuple) else None),
                                      field=spec.key or name, kind_zh=_KIND_ZH[hit.kind], kind_en=_KIND_EN[hit.kind],
                                      masked=mask(text[hit.start:hit.end]))


RULES = (
    Rule("PRV001", "private-in-free-text", "PRV", "自由文本中不写手机号、身份证号等隐私信息",
         "no phone, ID number or other private value in free text", CITATION, Severity.WARNING, {
             "": Message("{field} 中写有{kind_zh}（{masked}）；生成文书时会被遮盖，但它仍留在记录文件中",
                         "{field} holds {kind_en} ({masked}); documents mask it, but it stays in the records file",
                         "隐私信息只写在成员的 phone、id_number、address 等隐私字段中",
                         "keep private values in the member's private fields (phone, id_number, address)")},
         check=check_private_in_free_text,
         examples=(Example("summary: 王五书面同意（联系方式见成员档案）", "summary: 王五书面同意，电话 139-0851-5276"),)),
)
