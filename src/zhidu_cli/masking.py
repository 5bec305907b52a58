"""Masking private values for anything posted (``mask``), apart from the template machinery.

The ``mask`` document filter, and the privacy checks that show a found value masked, share it; it
lives outside :mod:`zhidu_cli.render` so that ``zhidu check`` does not import Jinja to use it.
"""

from __future__ import annotations

import re
from typing import Any

_PHONE_SEPARATORS = re.compile(r"[\s\-]")
_MOBILE = re.compile(r"(?:\+?86)?(1\d{10})")
_ID_NUMBER = re.compile(r"\d{17}[\dXx]|\d{15}")


def mask(value: Any, keep_start: int = 1, keep_end: int = 1) -> str:
    """Hide a private value for anything that is posted.

    * mobile numbers keep 3 + 4 digits: ``13812345678`` → ``138****5678`` (spaces, dashes and a
      ``+86`` prefix are dropped first);
    * resident ID numbers (18 or 15 characters) keep 4 + 4: ``5201**********1234``;
    * anything else keeps ``keep_start`` leading and ``keep_end`` trailing characters:
      ``张三丰`` → ``张*丰``; a value too short for that keeps only its first character (``张*``),
      and a single character is hidden entirely.

    ``None`` prints nothing.
    """
    if value is None:
        return ""
    text = str(value).strip()
    compact = _PHONE_SEPARATORS.sub("", text)
    mobile = _MOBILE.fullmatch(compact)
    if mobile:
        digits = mobile.group(1)
        return f"{digits[:3]}****{digits[-4:]}"
    if _ID_NUMBER.fullmatch(compact):
        return compact[:4] + "*" * (len(compact) - 8) + compact[-4:]
    length = len(text)
    if length <= 1:
        return "*" * length
    if length <= keep_start + keep_end:
        return text[0] + "*" * (length - 1)
    return text[:keep_start] + "*" * (length - keep_start - keep_end) + text[length - keep_end:]
