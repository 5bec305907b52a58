"""Letters a branch issues about one member: the 组织关系介绍信 (transfer letter).

A member who moves away for good is transferred out (``transferred-out`` event: the date, and in
``place`` the Party organisation the membership goes to). The branch then issues the 中国共产党党员
组织关系介绍信: a stub it keeps (存根), the letter the member carries, and a receipt (回执) the
receiving organisation returns. Every part states who (name, gender, age, ethnicity, full or
probationary member), from which organisation to which, up to which month dues are paid, and how
many days the letter is valid.

The context is built like every document's (:mod:`zhidu_cli.render.documents`): plain data from an
allow-list, every private value masked (:mod:`zhidu_cli.privacy`), in the context and again in the
finished text. The letter form has lines for the member's ID number and telephone; they are left
blank to be filled in by hand unless ``include_private`` is given. Then they are added after the
masking, under ``private`` — the only context that can carry a private value, and only when asked
for by name — and the secrets handed to the renderer leave exactly those two values printable:
every other private value in the letter stays masked.

"Dues paid up to" is the last month up to which every month the member owed is settled (paid, or
exempt), as :func:`zhidu_cli.dues.balances.compute_balances` finds it — the same balances ``zhidu
dues`` and the DUE rules use.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from zhidu_cli.dues.balances import EXEMPT, PAID, compute_balances
from zhidu_cli.dues.settings import DuesSettings
from zhidu_cli.dues.standard import DuesStandardError
from zhidu_cli.model import vocab as V
from zhidu_cli.model.status import Status
from zhidu_cli.privacy import prepare, redact_value, secrets_of
from zhidu_cli.render.documents import DocumentContext, DocumentError, Sources, _common, _member

TRANSFER_TEMPLATE = "letter-transfer.md.j2"
TRANSFER_TITLE = "中国共产党党员组织关系介绍信"
DEFAULT_VALID_DAYS = 30
LETTER_KINDS = {"transfer": ("组织关系介绍信", "介绍信", "转出")}


def letter_kind(name: str) -> str:
    wanted = name.strip()
    for key, aliases in LETTER_KINDS.items():
        if wanted == key or wanted in aliases:
            return key
    raise DocumentError(f"没有这种信函：「{name}」（可用：transfer 组织关系介绍信）",
                        f"no such letter: {name!r} (available: transfer)", list(LETTER_KINDS))


def _age(born: dt.date | None, day: dt.date) -> int | None:
    if born is None:
        return None
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def _paid_through(src: Sources, member_id: str, as_of: dt.date) -> dt.date | None:
    """The first day of the last month up to which all the member's dues are settled, or None."""
    if not src.records.ledgers:
        return None
    try:
        settings = DuesSettings.from_config(src.settings.dues)
    except DuesStandardError:
        return None
    balance = compute_balances(src.records, settings.standard, as_of, start=settings.start).get(member_id)
    if balance is None:
        return None
    through = None
    for line in balance.owing_lines:
        if line.status not in (PAID, EXEMPT):
            break
        through = line.month
    return through.first_day if through is not None else None


def transfer_letter_context(src: Sources, member_id: str, *, as_of: dt.date, days: int | None = None,
                            number: str = "", event_date: dt.date | None = None,
                            include_private: bool = False) -> dict[str, Any]:
    """The 组织关系介绍信 of a member's ``transferred-out`` event (the last one, or the one on ``event_date``)."""
    records = src.records
    member = _member(records, member_id)
    timeline = records.timelines[member.id]
    events = [e for e in timeline.all("transferred-out") if e.date <= as_of]
    if event_date is not None:
        events = [e for e in events if e.date == event_date]
    if not events:
        when = f"于 {event_date} " if event_date else ""
        raise DocumentError(f"{member.name}（{member.id}）{when}没有组织关系转出的记录；在 history 中记录 "
                            "{date: …, event: 组织关系转出, place: 转往的党组织}",
                            f"{member.id} has no transferred-out event{' on ' + str(event_date) if event_date else ''}"
                            " (by the as-of date); record {date: …, event: transferred-out, place: …}")
    event = events[-1]
    if not event.place:
        raise DocumentError(f"{member.name}（{member.id}）{event.date} 的组织关系转出没有写转往的党组织（place）",
                            f"the transferred-out event of {member.id} on {event.date} names no place (the "
                            "organisation the membership goes to)")
    standing = timeline.status(event.date - dt.timedelta(days=1))
    if standing not in (Status.FULL, Status.PROBATIONARY):
        raise DocumentError(f"{member.name}（{member.id}）转出前不是党员（{standing.zh}），不能开具组织关系介绍信",
                            f"{member.id} was not a party member before the transfer ({standing.value})")
    valid_days = int(days or DEFAULT_VALID_DAYS)
    context = _common(src, "transfer-letter", TRANSFER_TITLE, TRANSFER_TEMPLATE, event.date, as_of)
    branch = context["branch"]
    context.update({
        "letter": {"number": number, "valid_days": valid_days,
                   "valid_until": event.date + dt.timedelta(days=valid_days)},
        "person": {
            "id": member.id,
            "name": member.name,
            "gender": V.GENDERS.zh(member.gender) if member.gender else "",
            "ethnicity": member.ethnicity or "",
            "born": member.born,
            "age": _age(member.born, event.date),
            "status": standing.value,
            "status_name": standing.zh,
        },
        "transfer": {"date": event.date, "from": branch["name"], "to": event.place,
                     "reason": event.reason or "", "note": event.note or ""},
        "dues": {"paid_through": _paid_through(src, member.id, as_of)},
    })
    secrets = secrets_of(records)
    context = DocumentContext(redact_value(context, secrets))
    context["private"] = None
    if include_private:
        # asked for by name: the member's own ID number and phone are printed, every other private
        # value stays masked (the renderer masks the finished text with these secrets)
        own = prepare([value for value in (member.id_number, member.phone) if value])
        secrets = dataclasses.replace(secrets, texts=tuple(t for t in secrets.texts if t not in own.texts),
                                      digits=secrets.digits - own.digits, public=secrets.public | own.digits)
        context["private"] = {"id_number": member.id_number or "", "phone": member.phone or ""}
    context.secrets = secrets
    return context


__all__ = ["DEFAULT_VALID_DAYS", "LETTER_KINDS", "TRANSFER_TEMPLATE", "letter_kind", "transfer_letter_context"]
