"""The agenda as an iCalendar feed (RFC 5545), written with the ``icalendar`` library.

One all-day VEVENT (or, with ``todo=True``, one VTODO due that day) per item:

* ``UID`` — a hash of the branch's name and the item's ``obligation`` key, so importing the file again
  updates each event instead of adding a copy, an obligation whose date moved (an approval window
  extended to six months) keeps its event, and a different obligation (another period, member, unpaid
  run) gets a new one;
* ``SUMMARY`` — what to do and who, in the command's language (Chinese by default), ``【已逾期】``
  first when overdue;
* ``DESCRIPTION`` — the rule code and its citation, the lateness as of the as-of date, the record to open;
* a ``VALARM`` (display) at 09:00 ``alarm_days`` days before the day (none with ``alarm_days=None``);
* the calendar is in Asia/Shanghai (``X-WR-TIMEZONE`` and a ``VTIMEZONE``); all-day dates are local dates.

``DTSTAMP`` is the as-of date at midnight China time, not the clock: the same records, date and options
give the same bytes, so the feed can be committed and diffed. Only names, dates, rule texts and record
paths go in — never a phone number, ID number or address (the items carry none).
"""

from __future__ import annotations

import datetime as dt
import hashlib

from zhidu_cli.agenda.items import Agenda, Item
from zhidu_cli.privacy import NO_SECRETS, Secrets, redact

TZID = "Asia/Shanghai"
PRODID = "-//zhidu//agenda//ZH"
ALARM_HOUR = 9


def uid(branch: str, item: Item) -> str:
    """The item's UID: stable for the same obligation of the same branch, different for any other."""
    digest = hashlib.sha256(f"{branch}\n{item.obligation}".encode("utf-8")).hexdigest()[:32]
    return f"{digest}@zhidu"


def _china_zone(icalendar):
    """Asia/Shanghai as a VTIMEZONE: UTC+8 all year (China has kept no daylight saving since 1991)."""
    zone = icalendar.Timezone()
    zone.add("tzid", TZID)
    standard = icalendar.TimezoneStandard()
    standard.add("dtstart", dt.datetime(1970, 1, 1))
    standard.add("tzoffsetfrom", dt.timedelta(hours=8))
    standard.add("tzoffsetto", dt.timedelta(hours=8))
    standard.add("tzname", "CST")
    zone.add_component(standard)
    return zone


def summary(item: Item, lang: str) -> str:
    """``党小组会（2025年12月）· 第一党小组`` — what, and with whom unless it is the branch's own business."""
    en = lang == "en"
    text = item.what(lang)
    if item.members or item.group is not None:
        text += f" · {item.who(lang)}"
    if item.overdue:
        text = ("[overdue] " if en else "【已逾期】") + text
    return text


def description(item: Item, as_of: dt.date, lang: str) -> str:
    en = lang == "en"
    lines = [item.what(lang),
             (f"Who: {item.who(lang)}" if en else f"对象：{item.who(lang)}"),
             (f"Rule: {item.code}" if en else f"规则：{item.code}"),
             (f"Source: {item.citation}" if en else f"依据：{item.citation}"),
             (f"As of {as_of}: {item.lateness(lang)}" if en else f"截至 {as_of}：{item.lateness(lang)}")]
    if item.opens is not None and item.opens < item.due:
        lines.append(f"Window: {item.opens} to {item.due}" if en else f"期间：{item.opens} 至 {item.due}")
    if item.path:
        lines.append(f"Record: {item.path}" if en else f"记录：{item.path}")
    return "\n".join(lines)


def to_ics(agenda: Agenda, lang: str = "zh", *, alarm_days: int | None = 3, todo: bool = False,
           secrets: Secrets = NO_SECRETS) -> bytes:
    """The calendar file's bytes (CRLF line ends, folded, UTF-8).

    A calendar feed travels to phones and shared calendars, so its text is masked like a notice: every
    private value of the repository (``secrets``) and anything shaped like a mobile or ID number."""
    import icalendar

    china = dt.timezone(dt.timedelta(hours=8))
    stamp = dt.datetime.combine(agenda.as_of, dt.time(0), china).astimezone(dt.timezone.utc)
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    name = f"{agenda.branch} agenda" if lang == "en" else f"{agenda.branch} 党务日程"
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", TZID)
    calendar.add_component(_china_zone(icalendar))
    for item in agenda.items:
        component = icalendar.Todo() if todo else icalendar.Event()
        component.add("uid", uid(agenda.branch, item))
        component.add("dtstamp", stamp)
        title = redact(summary(item, lang), secrets)
        component.add("summary", title)
        component.add("description", redact(description(item, agenda.as_of, lang), secrets))
        component.add("categories", [item.kind, item.code])
        if todo:
            component.add("dtstart", item.opens if item.opens is not None and item.opens <= item.due else item.due)
            component.add("due", item.due)
            component.add("status", "NEEDS-ACTION")
        else:
            component.add("dtstart", item.due)
            component.add("dtend", item.due + dt.timedelta(days=1))
            component.add("transp", "TRANSPARENT")
        if alarm_days is not None:
            alarm = icalendar.Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", title)
            # at 09:00 ``alarm_days`` days before the day (a to-do's alarm is related to its DUE)
            alarm.add("trigger", dt.timedelta(days=-alarm_days, hours=ALARM_HOUR),
                      parameters={"RELATED": "END"} if todo else None)
            component.add_component(alarm)
        calendar.add_component(component)
    return calendar.to_ical()
