"""Detector of probable personal data in published records (SPEC 5.2, issue 5).

`find_pii(text)` returns the strings in a piece of record text (a body or one
front-matter value) that look like personal data someone could use to find or
identify a woman who told her story:

- ``phone``: phone numbers of the campaign's region (GE, UA, KZ, KG, MD, LT,
  LV, EE, AM, TJ, RU, BY, UZ, AZ), international (``+995 555 12 34 56``) or
  local (``555 12 34 56``, ``8 (701) 123-45-67``, ``050 123 45 67``), found
  with the maintained ``phonenumbers`` library, plus a few obvious shapes its
  metadata rejects (a ``+``-prefixed number of the region, the trunk form
  ``8-727-123-45-67``, any number after "тел."/"tel."/"ტელ.");
- ``email``: e-mail addresses, including ``name [at] host [dot] org``;
- ``social``: links to profiles on social networks and messengers
  (vk.com/..., facebook.com/..., t.me/..., instagram.com/..., ...) and
  ``@handles``;
- ``id-number``: identity-document numbers: Georgian 11-digit personal
  numbers, Kazakh IIN, Moldovan IDNP, Baltic personal codes and other long
  runs of 9 to 14 digits, Russian passport series + number (``45 06 123456``),
  Ukrainian passport (``МЕ 123456``), Latin-letter passport numbers
  (``AN1234567``), Latvian ``DDMMYY-NNNNN``, Russian SNILS, Belarusian
  identification numbers, and any number following a document word
  ("passport", "паспорт", "ИИН", "პირადი ნომერი"...);
- ``address``: street addresses with a house number in English (and
  transliterations), Russian, Ukrainian and Georgian, e.g. "12 Rustaveli
  Avenue", "ул. Абая, 15", "вул. Шевченка, 12", "ვაჟა-ფშაველას გამზირი 12",
  "ქ. ჭავჭავაძის 5".

It is a tripwire for reviewers, not a guarantee: a finding fails the check
unless a reviewer lists the exact string in ``review.pii_allow``. It favours
quiet on ordinary campaign prose (years and year ranges, dates, times, counts,
percentages, article numbers of laws, ages, sums of money) over catching
everything, and deliberately does NOT catch:

- names of people (no reliable pattern; reviewers read for them);
- a street or place named without a house number ("on Abay Street"), which
  the campaign's stories need and which does not locate a person;
- short local numbers without any context (``212-34-56`` alone is too much
  like a range of article numbers; it is caught after "тел."/"tel.");
- numbers inside ordinary web links (evidence links often carry long numeric
  ids), unless the link is a social-media profile;
- car plates, bank cards, court case numbers and other identifiers that do
  not name a person directly.

The ``kind`` is a hint for the message shown to editors; where a bare digit
run could be either a phone number or a document number the choice is a
guess, and any finding fails the check regardless.

Plain Python: no MkDocs imports, so the checker, the CLI and tests can use it.
"""
from __future__ import annotations

import bisect
import datetime as dt
import re
from dataclasses import dataclass

from phonenumbers import Leniency, PhoneNumberMatcher

__all__ = ["Finding", "find_pii", "REGIONS"]


@dataclass(frozen=True)
class Finding:
    kind: str  # "phone" | "email" | "social" | "id-number" | "address"
    text: str  # the exact matched string as it appears in the input
    line: int  # 1-based line number within the given text


# Region hints for local numbers written without a country code. Numbers with
# "+<code>" are found whatever the hint.
REGIONS = ("GE", "UA", "KZ", "KG", "MD", "LT", "LV", "EE", "AM", "TJ", "RU", "BY", "UZ", "AZ")

# Country calling codes of the region, for "+"-numbers that phonenumbers'
# metadata rejects (e.g. a made-up or newly allocated range): they are still
# unmistakably phone numbers.
_REGION_CODES = "7|370|371|372|373|374|375|380|992|993|994|995|996|998"

# Upper-case letters of the scripts we meet in names (Python's re has no \p{Lu}).
_UP = "A-ZА-ЯЁІЇЄҐЎŠŽČĀĒĪŪĶĻŅĢÕÄÖÜĄĘĖĮŲŞŢȘȚĂÂÎ"
_GEO = "\u10d0-\u10ff"  # Georgian Mkhedruli (no case)

# Words after a number that show it is a year, month, time, amount or count,
# not a house number ("пр. Победы 3 года назад", "ქ. თბილისის 5 წელს").
_NOT_HOUSE = (
    r"(?!\s*(?i:%|‰|°"
    r"|год|лет|гг?\b|г\.|рок|рiк|рік|year|yr|წ[ელლ]|წლ"
    r"|январ|феврал|март|апрел|ма[йя]|июн|июл|август|сентябр|октябр|ноябр|декабр"
    r"|січ|лют|берез|квіт|трав|черв|лип|серп|верес|жовт|листоп|груд"
    r"|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec"
    r"|იანვ|თებერვ|მარტ|აპრილ|მაის|ივნის|ივლის|აგვისტ|სექტემბ|ოქტომბ|ნოემბ|დეკემბ"
    r"|час|годин|минут|хвилин|hour|min|საათ|წუთ|сут|доб|day|дн|дня|днів|დღ"
    r"|раз|times|ჯერ|процент|відсот|percent|პროცენტ"
    r"|человек|людей|осіб|люд|женщин|жінок|women|people|persons|ქალ|ადამიან"
    r"|сотрудник|співробіт|officer|полицейск|поліцейськ|პოლიციელ"
    r"|сом|тенге|гривен|грн|руб|лари|драм|лей|euro|евро|євро|usd|\$|€|ლარ))"
)

# ---------------------------------------------------------------- e-mail --
_EMAIL_RE = re.compile(
    r"(?<![\w.+\-])[\w.+\-%]+"
    r"(?:@|\s?[\[(]\s?(?:at|собака|эт)\s?[\])]\s?)"
    r"[\w\-]+(?:(?:\.|\s?[\[(]\s?(?:dot|точка)\s?[\])]\s?)[\w\-]+)*"
    r"(?:\.|\s?[\[(]\s?(?:dot|точка)\s?[\])]\s?)[^\W\d_]{2,}\b",
    re.IGNORECASE,
)

# "@" written out, as in "name (at) mail (dot) ru": the e-mail pattern is tried only
# where an "@" or one of these is.
_EMAIL_AT_RE = re.compile(r"[\[(]\s?(?:at|собака|эт)\s?[\])]", re.IGNORECASE)

# ---------------------------------------------------------- social media --
# A profile needs a path after the host: "facebook.com" alone names a company,
# "facebook.com/some.name" names a person.
_SOCIAL_HOSTS = (
    r"vk\.com|vk\.ru|vkontakte\.ru|m\.vk\.com|facebook\.com|fb\.com|fb\.me|instagram\.com|instagr\.am"
    r"|t\.me|telegram\.me|telegram\.dog|ok\.ru|odnoklassniki\.ru|my\.mail\.ru"
    r"|twitter\.com|x\.com|tiktok\.com|linkedin\.com|youtube\.com|youtu\.be|wa\.me"
    r"|threads\.net|livejournal\.com|[\w\-]+\.livejournal\.com|viber\.click|invite\.viber\.com"
)
_SOCIAL_RE = re.compile(
    r"(?<![\w.\-/@])(?:https?://)?(?:www\.|m\.|mobile\.)?(?:" + _SOCIAL_HOSTS + r")"
    r"/[^\s<>()\[\]{}\"'«»,]*[\w/=]",
    re.IGNORECASE,
)
# "@handle" (Telegram, Instagram, X...). Not part of an e-mail address.
_HANDLE_RE = re.compile(r"(?<![\w.@/])@[A-Za-z][A-Za-z0-9_.]{2,30}[A-Za-z0-9_](?![\w@])")

# Ordinary web links: masked before looking for numbers and addresses, so a
# long numeric id in an evidence link is not mistaken for a document number.
_URL_RE = re.compile(r"(?:https?|ftp)://[^\s<>()\[\]\"']+|www\.[^\s<>()\[\]\"']+", re.IGNORECASE)

# ------------------------------------------------------------ id numbers --
# Each entry: (regex, strong). A strong id wins over a phone reading of the
# same characters; a weak one (a bare run of digits) gives way to it.
_DOC_WORDS = (
    r"passport|id\s+card|identity\s+card|personal\s+(?:number|code|no\.?)|national\s+id|"
    r"IIN|IDNP|PINFL|паспорт\w*|удостоверени\w*|посвідчен\w*|ИИН|ІПН|ИНН|ІНН|РНОКПП|СНИЛС|ИДНП|ПИНФЛ|"
    r"личн\w+\s+номер\w*|персональн\w+\s+номер\w*|идентификационн\w+\s+номер\w*|ідентифікаційн\w+\s+(?:номер|код)\w*|"
    r"asmens\s+kodas|isikukood|personas\s+kods|"
    r"პასპორტ\w*|პირადი\s+ნომ\w*|პ/ნ|ID\s*ბარათ\w*"
)
_ID_PATTERNS = [
    # A number right after a document word: "паспорт № 123456", "IIN 850101300123".
    (re.compile(r"(?<![\w])(?:" + _DOC_WORDS + r")[\s:.,№#-]{0,6}(?:(?:серии|серия|series|seriya|No\.?|номер|№|N)\s*)?"
                r"(?P<n>(?-i:[A-ZА-ЯЁІЇЄҐ]{0,3})\s?(?:№\s?)?\d(?:[\s\-]?\d){5,13})(?!\d)", re.IGNORECASE), True),
    # Russian internal passport: series (2+2 digits) and number: "45 06 123456".
    (re.compile(r"(?<![\w\-+/.,])(?P<n>\d{2}\s?\d{2}\s?(?:№\s?)?\d{6})(?![\w\-/])"), False),
    # Ukrainian (old) passport: two Cyrillic capitals and six digits: "МЕ 123456".
    (re.compile(r"(?<![\w\-])(?P<n>[А-ЯЁІЇЄҐ]{2}\s?(?:№\s?)?\d{6})(?![\w\-/])"), True),
    # Latin-letter passport / ID card: "AN1234567" (AM), "N12345678" (KZ),
    # "MP1234567" (BY), "AA 1234567" (UZ, AZ, MD), "AZE12345678".
    (re.compile(r"(?<![\w\-])(?!(?:TEL|FAX|MOB|NO|TV)\b)(?P<n>[A-Z]{1,3}\s?(?:№\s?)?\d{6,9})(?![\w\-/])"), True),
    # Georgian ID card: "12IB34567".
    (re.compile(r"(?<![\w\-])(?P<n>\d{2}[A-Z]{2}\d{5})(?![\w\-])"), True),
    # Latvian personal code: "DDMMYY-NNNNN".
    (re.compile(r"(?<![\w\-])(?P<n>\d{6}-\d{5})(?![\w\-])"), True),
    # Russian SNILS: "123-456-789 01".
    (re.compile(r"(?<![\w\-])(?P<n>\d{3}-\d{3}-\d{3}[\s\-]\d{2})(?![\w\-])"), True),
    # Belarusian identification number: "3010180A001PB1".
    (re.compile(r"(?<![\w\-])(?P<n>\d{7}[A-Z]\d{3}[A-Z]{2}\d)(?![\w\-])"), True),
    # Bare runs of 9-14 digits: GE personal number (11), KZ IIN / RU INN (12),
    # MD IDNP (13), KG/UZ PIN (14), LT/EE personal codes (11), UA tax number
    # (10), UA/KZ ID cards (9). Ordinary prose never writes such runs; numbers
    # in web links are masked beforehand. Strength is decided per match.
    (re.compile(r"(?<![\w\-+/.,])(?P<n>\d{9,14})(?![\w\-/]|[.,]\d)"), None),
]

# ---------------------------------------------------------------- phones --
# Cheap gate: phonenumbers is slow-ish, so run it only where some run of at
# least seven digits exists, with between them any separator phonenumbers
# accepts (its _VALID_PUNCTUATION: dashes of every kind, the minus sign, dots,
# slashes, brackets, tildes and spaces, full-width forms included).
_PHONE_SEPARATORS = ("\\s\\-\u2010-\u2015\u2212\u30fc\uff0d-\uff0f\u00ad\u200b\u2060"
                     "().\\[\\]/~\u2053\u223c\uff5e\uff08\uff09\uff3b\uff3d")
_PHONE_GATE = re.compile(r"\d(?:[" + _PHONE_SEPARATORS + r"]{0,4}\d){6,}")
# "+<regional code>" numbers phonenumbers may reject as unallocated.
_PLUS_PHONE_RE = re.compile(
    r"(?<![\w+])\+\s?(?:" + _REGION_CODES + r")(?:[\s\-.]?\(?\d{1,5}\)?){2,6}(?![\w])"
)
# The post-Soviet trunk-prefix form of +7 numbers: "8-727-123-45-67",
# "8 (7212) 12-34-56" (11 digits in all), even in ranges phonenumbers rejects.
_TRUNK8_RE = re.compile(
    r"(?<![\w+\-/.,])8[\s\-]?\(?\d{3,5}\)?[\s\-]?\d{1,3}[\s\-]?\d{2}[\s\-]?\d{2}(?![\w\-/])"
)
# Soviet-style local numbers after a phone word: "тел. 212-34-56", "tel: 2 12 34 56".
_PHONE_WORD_RE = re.compile(
    r"(?<![\w])(?:тел(?:ефон\w*|\.)|tel(?:ephone|\.)|phone|mob(?:ile|\.)|моб(?:ильн\w*|ільн\w*|\.)"
    r"|факс|fax|viber|whatsapp|вайбер|ტელ(?:ეფონ\w*|\.))\s*(?:[:№#]|no\.?|номер)?\s*"
    r"(?P<n>\+?\(?\d[\d\s()\-]{4,18}\d)(?!\d)",
    re.IGNORECASE,
)
# Year ranges and dates that look like 8-digit (Latvian, Estonian) numbers:
# "2014-2015", "2015-03-14", "2016–2017".
_YEARISH_RE = re.compile(
    r"^\(?((?:19|20)\d\d)\)?[\s\-–—/.]+(\d{2,4})(?:[\s\-–—/.]+(\d{1,2}))?$"
)

# -------------------------------------------------------------- addresses --
# A house number: "15", "15а", "15/2", "д. 15"; never four digits (a year)
# and never glued to a word ("12th" is an ordinal; "12-ში" is house 12).
_LETTER = "A-Za-zА-Яа-яЁёІіЇїЄєҐґ"
_HOUSE = (r"(?:(?:(?i:д\.|дом|буд\.|будинок|house)|No\.?|№)\s*)?"
          rf"\d{{1,3}}(?:[{_LETTER}](?!\w))?(?:\s?/\s?\d{{1,3}}(?:[{_LETTER}](?!\w))?)?(?![\w])")
_FLAT = r"(?:,?\s*(?i:кв\.|квартира|apt\.?|apartment|flat|ბ\.|ბინა)\s*\d{1,4}(?!\d))?"
# A street name: one to three capitalised words ("Абая", "Героев Небесной
# Сотни", "T. Shevchenko"), possibly joined by a short lower-case word
# ("Stefan cel Mare"), possibly after a day number ("8 Марта"). Requiring
# capitals keeps "на улице в 2015 году" and the like out.
_TOKEN = r"[" + _UP + r"][\w'’ʼ\-]*\.?"
_NAME = (r"(?:\d{1,2}\s)?" + _TOKEN
         + r"(?:\s(?:[a-zа-яăâîșşțţ]{2,3}\s)?" + _TOKEN + r"){0,2}")
_CYR_STREET = (
    r"ул\.|улиц[аеыу]|пр\.|пр-т\.?|просп\.|проспект[аеу]?|пер\.|переул(?:ок|ке|ка)|б-р|бул\.|бульвар[аеу]?"
    r"|пл\.|площад[ьи]|шоссе|наб\.|набережн(?:ая|ой)|мкр\.?|мкр-н|микрорайон[аеу]?|проезд|тупик"
    r"|вул\.|вулиц[яіею]|пров\.|провул(?:ок|ку|ка)|бульв\.|площ[аі]|узвіз|шосе|майдан|мікрорайон"
)
_LAT_PREFIX = r"ul\.|ulitsa|vul\.|vulytsia|vulitsa|pr\.|pr-t|prosp\.|prospekt|str\.|strada|bd\.|bul\.|bulevardul|mkr\.?"
# Case-sensitive on purpose: "Square", "Place", "Drive" are street words only
# when capitalised.
_LAT_SUFFIX = (
    r"Street|St\.|St(?![\w])|Str\.|Avenue|Ave\.?|Av\.|Road|Rd\.|Lane|Boulevard|Blvd\.?|Prospect|Prospekt|Square|Sq\."
    r"|Highway|Alley|Embankment|Quay|Passage|Drive|Place|Microdistrict"
    r"|iela|gatvė|g\.|pr\.|prospektas|prospekts|bulvāris|tn\.?|tänav|mnt\.?|al\."
)
# Georgian street names are in the genitive ("რუსთაველის", "ვაჟა-ფშაველას"),
# which also tells "ქ. ჭავჭავაძის 5" (street) from "ქ. თბილისი" (city).
# An abbreviated first name may precede ("ალ. ყაზბეგის").
_GEO_GEN = rf"(?:[{_GEO}]{{1,3}}\.\s?)?[{_GEO}][{_GEO}\-]*ს"
_GEO_STREET = r"ქუჩა|ქ\.|გამზირი|გამზ\.|შესახვევი|შეს\.|ჩიხი|მოედანი|ხეივანი|სანაპირო|აღმართი|დაღმართი|კვარტალი|მიკრორაიონი|მ/რ"
_GEO_NO = r"(?:N\s?|№\s?)?"

_ADDRESS_PATTERNS = [
    # Russian / Ukrainian, street word first: "ул. Абая, 15", "вул. Шевченка, 12, кв. 4".
    re.compile(r"(?<![\w])(?i:" + _CYR_STREET + r")\s*" + _NAME + r",?\s*" + _HOUSE + _FLAT + _NOT_HOUSE),
    # Transliterated, street word first: "ul. Abaya 15", "str. Ismail 12".
    re.compile(r"(?<![\w])(?i:" + _LAT_PREFIX + r")\s*" + _NAME + r",?\s*" + _HOUSE + _FLAT + _NOT_HOUSE),
    # Street name, street word, number: "Rustaveli Avenue 12", "Brīvības iela 12".
    re.compile(r"(?<![\w])" + _NAME + r"\s(?:" + _LAT_SUFFIX + r"),?\s*" + _HOUSE + _FLAT + _NOT_HOUSE),
    # Number first: "12 Rustaveli Avenue", "15A Abay St.".
    re.compile(r"(?<![\w\-/.,:])\d{1,3}[A-Za-z]?(?:/\d{1,3})?,?\s" + _NAME + r"\s(?:" + _LAT_SUFFIX + r")(?![\w])" + _FLAT),
    # Georgian, name then street word then number: "ვაჟა-ფშაველას გამზირი 12".
    re.compile(rf"(?<![\w]){_GEO_GEN}\s(?:{_GEO_STREET}),?\s*{_GEO_NO}" + _HOUSE + _FLAT + _NOT_HOUSE),
    # Georgian, abbreviation first: "ქ. ჭავჭავაძის 5", "გამზ. რუსთაველის 12".
    re.compile(rf"(?<![\w])(?:ქ\.|გამზ\.|შეს\.)\s?{_GEO_GEN},?\s*{_GEO_NO}" + _HOUSE + _FLAT + _NOT_HOUSE),
    # Georgian, number first: "12 ვაჟა-ფშაველას გამზირი".
    re.compile(rf"(?<![\w\-/.,:])\d{{1,3}},?\s{_GEO_GEN}\s(?:{_GEO_STREET})(?![\w])" + _FLAT),
    # House and flat without a street: "д. 15, кв. 7", "буд. 3, кв. 12".
    re.compile(r"(?<![\w])(?i:д\.|дом|буд\.|будинок)\s*\d{1,3}[а-яіїє]?(?:/\d{1,3})?,?\s*(?i:кв\.|квартира)\s*\d{1,4}(?!\d)"),
]


# ----------------------------------------------------------------- logic --
@dataclass
class _Candidate:
    start: int
    end: int
    kind: str
    rank: int  # lower wins when two candidates cover exactly the same text


# Ranks for identical spans: explicit formats beat guesses.
_RANK = {"email": 0, "social": 1, "strong-id": 2, "phone": 3, "weak-id": 4, "address": 5}


def _mask(text: str, spans) -> str:
    """Blank out spans (keeping offsets) so later detectors do not see them."""
    if not spans:
        return text
    chars = list(text)
    for start, end in spans:
        for i in range(start, end):
            if chars[i] != "\n":
                chars[i] = " "
    return "".join(chars)


def _valid_date(yy: str, mm: str, dd: str) -> bool:
    try:
        dt.date(2000 + int(yy), int(mm), int(dd))
    except ValueError:
        return False
    return True


def _bare_run_is_strong(digits: str) -> bool:
    """Whether a bare run of digits reads better as a document number than as
    a phone number written without separators (only matters if phonenumbers
    also accepted it)."""
    n = len(digits)
    if n >= 13:  # IDNP (13), PINFL/PIN (14): no phone number is that long here
        return True
    if n == 12:  # Kazakh IIN starts with the birth date YYMMDD; 995..., 996... do not
        return _valid_date(digits[0:2], digits[2:4], digits[4:6])
    if n == 11:  # 7/8 + 10 digits is a Russian/Kazakh phone; personal codes start 0-6
        return digits[0] not in "789"
    return False  # 9-10 digits: local mobile numbers ("555123456") are likelier


def _yearish(raw: str) -> bool:
    """'2014-2015', '2015-03-14', '2016–2017': a year range or a date."""
    m = _YEARISH_RE.match(raw.strip())
    if not m:
        return False
    second, third = m.group(2), m.group(3)
    if len(second) == 4:
        return second[:2] in ("19", "20") and third is None
    if len(second) == 2:
        if third is None:  # "2014-15" (a range) or "2014-05" (a month)
            return True
        return 1 <= int(second) <= 12 and 1 <= int(third) <= 31
    return False


# Sums of money written with thousands separators: "1 500 000", "5 000–10 000".
_THOUSANDS_RE = re.compile(r"\d[\s\u00a0\u202f]000(?!\d)")


def _not_a_phone(raw: str) -> bool:
    """Shapes phonenumbers accepts that campaign prose uses for other things:
    year ranges and dates ("2014-2015", "2015-03-14"), ranges with a dash
    ("5 000–10 000"), court case and law numbers with slashes
    ("756/1234/15", "2-1234/2016"), sums with thousands separators."""
    return (_yearish(raw) or "/" in raw or "–" in raw or "—" in raw
            or bool(_THOUSANDS_RE.search(raw)))


def _phone_windows(text: str) -> list[tuple[int, int]]:
    """Stretches of `text` worth giving to phonenumbers: each run of seven or more
    digits that is not a date or year range, with the words around it (a "+",
    "tel." or an opening parenthesis may precede the digits). phonenumbers scans
    a text once per region; scanning only these stretches keeps the check of a
    large corpus fast. A number of seven digits or more lies in such a run
    (tests/test_pii.py compares this with a scan of the whole text); shorter
    local numbers are found by _PHONE_WORD_RE after a word like "tel."."""
    windows: list[tuple[int, int]] = []
    for m in _PHONE_GATE.finditer(text):
        if _yearish(m.group(0)):
            continue
        start = text.rfind(" ", 0, max(0, m.start() - 16)) + 1  # snap to whole words
        end = text.find(" ", min(len(text), m.end() + 16))
        end = len(text) if end == -1 else end
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(end, windows[-1][1]))
        else:
            windows.append((start, end))
    return windows


def _phones(text: str):
    seen = set()
    for region, (offset, end) in ((r, w) for w in _phone_windows(text) for r in REGIONS):
        # VALID: the number must be a valid number for its region (or for the
        # "+" code it carries); it also makes phonenumbers skip candidates that
        # look like dates, times and page ranges, and accepts spaces, dashes,
        # dots and parentheses in any grouping.
        for match in PhoneNumberMatcher(text[offset:end], region, leniency=Leniency.VALID):
            span = (offset + match.start, offset + match.end)
            if span in seen:
                continue
            seen.add(span)
            raw = match.raw_string
            if "+" not in raw and _not_a_phone(raw):
                continue
            yield span
    for m in _PLUS_PHONE_RE.finditer(text):
        if sum(ch.isdigit() for ch in m.group(0)) >= 8:
            yield m.span()
    for m in _TRUNK8_RE.finditer(text):
        if sum(ch.isdigit() for ch in m.group(0)) == 11:
            yield m.span()
    for m in _PHONE_WORD_RE.finditer(text):
        if sum(ch.isdigit() for ch in m.group("n")) >= 6 and not _yearish(m.group("n")):
            yield m.span("n")


def _candidates(text: str) -> list[_Candidate]:
    found: list[_Candidate] = []

    # 1. E-mail and social links on the original text; then hide them, and
    #    every other web link, from the number and address detectors.
    # (Each pattern runs only where its tell-tale character is: most prose has none.)
    hidden = []
    if "@" in text or _EMAIL_AT_RE.search(text):
        for m in _EMAIL_RE.finditer(text):
            found.append(_Candidate(m.start(), m.end(), "email", _RANK["email"]))
            hidden.append(m.span())
    masked = _mask(text, hidden)
    for rx, tell in ((_SOCIAL_RE, "/"), (_HANDLE_RE, "@")):
        if tell not in masked:
            continue
        for m in rx.finditer(masked):
            found.append(_Candidate(m.start(), m.end(), "social", _RANK["social"]))
            hidden.append(m.span())
    masked = _mask(text, hidden)
    if "://" in masked or "www." in masked.lower():
        masked = _mask(masked, [m.span() for m in _URL_RE.finditer(masked)])

    # 2. Document numbers.
    for rx, strong in _ID_PATTERNS:
        for m in rx.finditer(masked):
            start, end = m.span("n")
            value = masked[start:end].strip()
            if strong is None:
                strong_here = _bare_run_is_strong(value)
            else:
                strong_here = strong
            if not strong_here and _yearish(value):
                continue
            rank = _RANK["strong-id"] if strong_here else _RANK["weak-id"]
            found.append(_Candidate(start, end, "id-number", rank))

    # 3. Phone numbers.
    for start, end in _phones(masked):
        found.append(_Candidate(start, end, "phone", _RANK["phone"]))

    # 4. Street addresses.
    for rx in _ADDRESS_PATTERNS:
        for m in rx.finditer(masked):
            found.append(_Candidate(m.start(), m.end(), "address", _RANK["address"]))
    return found


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Drop surrounding blanks and sentence punctuation a pattern swallowed."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",;:"):
        end -= 1
    return start, end


def find_pii(text: str) -> list[Finding]:
    """Probable personal data in `text`, in reading order, never overlapping.

    Where detectors disagree about the same characters the longest match wins
    (an address containing a number is one address, not an address and an id);
    on identical spans the more explicit kind wins (see _RANK).
    """
    if not text:
        return []
    cands = []
    for c in _candidates(text):
        start, end = _trim(text, c.start, c.end)
        if end > start:
            cands.append(_Candidate(start, end, c.kind, c.rank))
    cands.sort(key=lambda c: (-(c.end - c.start), c.rank, c.start))
    chosen: list[_Candidate] = []
    for c in cands:
        if all(c.end <= o.start or c.start >= o.end for o in chosen):
            chosen.append(c)
    chosen.sort(key=lambda c: c.start)

    line_starts = [0] + [i + 1 for i, ch in enumerate(text) if ch == "\n"]
    return [
        Finding(c.kind, text[c.start:c.end], bisect.bisect_right(line_starts, c.start))
        for c in chosen
    ]
