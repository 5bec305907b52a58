"""The ``dues:`` section of ``zhidu.yaml`` (or of a profile): the local standard and when dues start.

The section is read by :func:`zhidu_cli.rules.config.resolve` as plain data (every scalar is text)
and merged profile by profile; this module turns it into a :class:`DuesSettings`. Keys::

    dues:
      start: assembly                 # assembly (default) | approval — the month dues begin
      deduct_social_insurance: false  # deduct the member's own social insurance from the base
      rounding: fen                   # fen | jiao (half up)
      categories:                     # changes to the 2008 table, merged category by category
        farmer: {amount: "0.50"}
      name: 某省 2008 标准（农民 0.5 元）   # optional label
      source: 某省委组织部 2010 年通知     # optional

``start``: 000 §六.4 has new members pay "从批准为预备党员的当月", read by the RULEBOOK as the month
the general assembly admitted them (``assembly``); where the upper organization's approval is taken
as the start, write ``approval``. The two sources conflict, so it is a setting, not a rule of code.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Mapping

from zhidu_cli.dues.standard import DuesStandard, DuesStandardError

STARTS = ("assembly", "approval")
_START_ALIASES = {
    "assembly": "assembly", "general-assembly": "assembly", "支部大会": "assembly", "党员大会": "assembly",
    "支部党员大会": "assembly", "approval": "approval", "upper-approval": "approval", "批准": "approval",
    "上级批准": "approval", "上级党委批准": "approval",
}
STANDARD_KEYS = ("name", "source", "deduct_social_insurance", "rounding", "categories")
KEYS = ("start", *STANDARD_KEYS)


@dataclass(frozen=True)
class DuesSettings:
    """The dues standard in force for a branch, and the month a new member's dues begin."""

    standard: DuesStandard = field(default_factory=DuesStandard.default)
    start: str = "assembly"        # one of STARTS

    @classmethod
    def from_config(cls, data: Mapping[str, Any] | None) -> "DuesSettings":
        """Build from the plain ``dues:`` mapping; raise :class:`DuesStandardError` (zh + en) on bad data."""
        if not data:
            return cls()
        if not isinstance(data, Mapping):
            raise DuesStandardError("dues 应为映射（键: 值）", "dues must be a mapping (key: value)")
        for key in data:
            if key not in KEYS:
                raise DuesStandardError(f"dues 中有未知的键「{key}」：可用 {'、'.join(KEYS)}",
                                        f"unknown key {key!r} under dues: use {', '.join(KEYS)}")
        start = data.get("start", "assembly")
        chosen = _START_ALIASES.get(start.strip().lower()) if isinstance(start, str) else None
        if chosen is None:
            raise DuesStandardError(
                f"dues.start 应为 assembly（支部大会接收之月）或 approval（上级批准之月），而不是「{start}」",
                f"dues.start must be assembly (month of the general assembly) or approval "
                f"(month of the upper approval), not {start!r}")
        overrides = {key: value for key, value in data.items() if key in STANDARD_KEYS}
        return cls(DuesStandard.for_locality(overrides), chosen)


def dues_config_error(data: Mapping[str, Any] | None) -> DuesStandardError | None:
    """The problem with a ``dues:`` section, or None: for the configuration reader (exit 2, located)."""
    try:
        DuesSettings.from_config(data)
    except DuesStandardError as error:
        return error
    return None
