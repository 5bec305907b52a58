"""Regenerate the reference docs and the shipped JSON Schemas: ``python -m zhidu_cli.docs_gen [DOCS_DIR]``."""

import pathlib
import sys

from zhidu_cli.docs_gen.records import records_markdown
from zhidu_cli.docs_gen.rules import rules_markdown
from zhidu_cli.model.editor_schema import SHIPPED, all_schemas, dump

target = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "docs")
target.mkdir(parents=True, exist_ok=True)
for name, text in (("records.md", records_markdown()), ("rules.md", rules_markdown())):
    (target / name).write_text(text, encoding="utf-8")
    print(f"wrote {target / name}")
SHIPPED.mkdir(parents=True, exist_ok=True)
for name, schema in all_schemas().items():
    (SHIPPED / name).write_text(dump(schema), encoding="utf-8")
    print(f"wrote {SHIPPED / name}")
