"""The campaign calendar: every published event as iCalendar (RFC 5545), one file per language.

Partners subscribe to /events/calendar.ics (or /ru/events/calendar.ics...) in
their calendar application and see roundtables, UN sessions and days of action
as they are announced. A subscription only works if an event keeps its
identity across builds: its UID is made from its slug and the site's host
(never from the build), and DTSTAMP from its publication date, so that a
rebuild of the same content writes the same bytes. Events are whole days (the
content model records dates, not times), written as VALUE=DATE with DTEND the
day after the last one, as RFC 5545 wants. Text is escaped and lines folded at
75 octets. Only published events reach it (the collection passed the gate).
"""
from __future__ import annotations

import datetime as dt
import re

from .exports import absolute
from .feeds import authority

PRODID = "-//Women Against Violence//campaign calendar//EN"
NOT_TEXT = re.compile("[\x00-\x08\x0b-\x1f\x7f]")  # control characters a calendar line cannot carry


def escape(text) -> str:
    """TEXT value escaping (RFC 5545 3.3.11)."""
    text = NOT_TEXT.sub("", str(text)).replace("\r\n", "\n").replace("\r", "\n")
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold(line: str) -> str:
    """One content line folded at 75 octets, never inside a UTF-8 character (RFC 5545 3.1)."""
    out, current, size = [], "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > 75:
            out.append(current)
            current, size = " ", 1
        current += char
        size += width
    out.append(current)
    return "\r\n".join(out)


def uid(record, site_url: str) -> str:
    return f"event-{record.slug}@{authority(site_url)}"


def _day(value) -> str:
    return str(value).replace("-", "")


def calendar(events, *, lang: str, default: str, site_url: str, name: str, place_name, kind_name=str) -> str:
    """The iCalendar file of `events` in `lang`; `place_name(meta)` names an event's place in `lang`,
    `kind_name(slug)` its kind (a term of event-type)."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
             f"X-WR-CALNAME:{escape(name)}", f"X-WR-CALDESC:{escape(name)}"]
    for record in sorted(events, key=lambda r: (str(r.meta.get("date")), r.slug)):
        meta = record.meta
        version = record.version_for(lang)
        start = dt.date.fromisoformat(str(meta["date"]))
        last = dt.date.fromisoformat(str(meta.get("end") or meta["date"]))
        url = absolute(site_url, record.url(version.lang, default))
        summary = version.meta.get("summary", "")
        lines += [
            "BEGIN:VEVENT",
            f"UID:{uid(record, site_url)}",
            f"DTSTAMP:{_day(meta.get('published') or meta['date'])}T000000Z",
            f"DTSTART;VALUE=DATE:{start.strftime('%Y%m%d')}",
            f"DTEND;VALUE=DATE:{(last + dt.timedelta(days=1)).strftime('%Y%m%d')}",
            f"SUMMARY{';LANGUAGE=' + version.lang if version.lang != lang else ''}:{escape(version.meta.get('title', record.slug))}",
            f"DESCRIPTION:{escape(summary + chr(10) + chr(10) + url)}",
            f"URL:{url}",
        ]
        where = place_name(meta)
        if where:
            lines.append(f"LOCATION:{escape(where)}")
        if meta.get("event_type"):
            lines.append(f"CATEGORIES:{escape(kind_name(meta['event_type']))}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "\r\n".join(fold(line) for line in lines) + "\r\n"
