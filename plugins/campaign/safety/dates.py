"""Day-precise dates in a testimony's text (SPEC 3.3: "no day, for safety"; issue 15).

`incident_date` holds only a year or a month, because the day of a detention
can be enough for a neighbour or an officer to know who told the story. The
same day written into the title, summary or text undoes that. `find_day_dates`
finds, in the usual forms of the site's languages:

- digits: 14.12.2015, 14/12/15, 14-12-2015, 2015-12-14, 2015.12.14;
- English: 14 December (2015), 14th of December, December 14(th), Dec. 14;
- Russian: 14 декабря, 14-го декабря, 14 дек.;
- Ukrainian: 14 грудня, 14-го грудня;
- Georgian: 14 დეკემბერს, 14 დეკემბრის (any ending of the month's name).

It does not find days written as words ("on the fourteenth", "четырнадцатого"),
weekdays ("last Tuesday") or holidays ("on New Year's Eve"): reviewers read for
those. A month with a year ("December 2015") is not a day and is not reported.
"""
from __future__ import annotations

import bisect
import datetime as dt
import re

from .pii import Finding

KIND = "date"

_EN = ("January|February|March|April|May|June|July|August|September|October|November|December|"
       "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec")
_RU = ("января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря|"
       "янв|февр|фев|мар|апр|авг|сент|сен|окт|нояб|ноя|дек")
_UK = "січня|лютого|березня|квітня|травня|червня|липня|серпня|вересня|жовтня|листопада|грудня"
# Georgian month names change their ending with the case (დეკემბერი, დეკემბერს, დეკემბრის): match the stem
_KA = "იანვ|თებერვ|მარტ|აპრილ|მაის|ივნის|ივლის|აგვისტ|სექტემბ|სექტემბრ|ოქტომბ|ოქტომბრ|ნოემბ|ნოემბრ|დეკემბ|დეკემბრ"

_DAY = r"(?<![\d.,/-])(?:[1-9]|0[1-9]|[12]\d|3[01])"
_PATTERNS = [
    # digits, day first (the region's way) or ISO
    re.compile(r"(?<![\d.])(?P<d>\d{1,2})[./-](?P<m>\d{1,2})[./-](?P<y>\d{4})(?![\d])"),
    # with a two-digit year only in the full form (10.12.15), so that "article 3.5.10" stays quiet
    re.compile(r"(?<![\d.])(?P<d>\d{2})[./-](?P<m>\d{2})[./-](?P<y>\d{2})(?![\d.])"),
    re.compile(r"(?<![\d.])(?P<y>\d{4})[./-](?P<m>\d{1,2})[./-](?P<d>\d{1,2})(?![\d.])"),
    # day and month without the year (21.02, 21/02): a two-digit month, and never part of a longer number
    # (with a slash only with a two-digit day, so that a fraction such as 4/12 stays quiet)
    re.compile(r"(?<![\d.,:/])(?P<d>0?[1-9]|[12]\d|3[01])\.(?P<m>0[1-9]|1[0-2])(?![\d/:]|[.,]\d)"),
    re.compile(r"(?<![\d.,:/])(?P<d>0[1-9]|[12]\d|3[01])/(?P<m>0[1-9]|1[0-2])(?![\d/:]|[.,]\d)"),
    # English: capitalised month names, so that the verb "may" is never a month
    re.compile(rf"{_DAY}(?:st|nd|rd|th)?(?:\s+of)?\s+(?:{_EN})\b\.?"),
    re.compile(rf"\b(?:{_EN})\.?\s+(?:[1-9]|0[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?(?![\d:])\b"),
    re.compile(rf"{_DAY}(?:-?го)?\s+(?:{_RU})(?![а-яё])\.?", re.IGNORECASE),
    re.compile(rf"{_DAY}(?:-?го)?\s+(?:{_UK})(?![а-яіїєґ'’])", re.IGNORECASE),
    re.compile(rf"{_DAY}\s+(?:{_KA})[ა-ჰ]*"),
]


def _real(match) -> bool:
    groups = match.groupdict()
    if "d" not in groups or groups["d"] is None:
        return True
    year = int(groups["y"]) if groups.get("y") else 2000  # no year: a leap year, so that 29.02 is a day
    year = year + 2000 if year < 100 else year
    try:
        dt.date(year, int(groups["m"]), int(groups["d"]))
    except ValueError:
        return False  # 3.5.10 (an article number), 12.14.2015 (not a day-first date)
    return True


def find_day_dates(text: str) -> list[Finding]:
    """Day-precise dates in `text`, in reading order, never overlapping."""
    if not text:
        return []
    spans = []
    for pattern in _PATTERNS:
        for match in pattern.finditer(text):
            if _real(match):
                spans.append((match.start(), match.end()))
    spans.sort(key=lambda s: (s[0], -(s[1] - s[0])))
    chosen = []
    for start, end in spans:
        if not chosen or start >= chosen[-1][1]:
            chosen.append((start, end))
    line_starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]
    return [Finding(KIND, text[s:e].rstrip("."), bisect.bisect_right(line_starts, s)) for s, e in chosen]
