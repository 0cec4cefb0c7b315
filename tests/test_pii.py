"""Tests of the detector of probable personal data (campaign.safety.pii, SPEC 5.2).

Every value here is fictional: reserved .example mail domains, made-up
profiles and document numbers.
"""
from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
import yaml

from campaign.safety.pii import Finding, find_pii

CONTENT = Path(__file__).resolve().parent.parent / "content"
RECORD_FOLDERS = ("stories", "solutions", "successes", "commitments")


def found(text):
    return [(f.kind, f.text) for f in find_pii(text)]


# --------------------------------------------------------- true positives --
# (sentence, kind, exact text expected), by language.
POSITIVES = {
    "en": [
        ("Call me at +995 555 12 34 56 after work.", "phone", "+995 555 12 34 56"),
        ("Her mother's number, 8 (701) 123-45-67, was in the report.", "phone", "8 (701) 123-45-67"),
        ("The officer called 555 12 34 56 twice.", "phone", "555 12 34 56"),
        ("Write to ivanova.m@mail.example for the form.", "email", "ivanova.m@mail.example"),
        ("Write to olga.fake [at] mail [dot] example instead.", "email", "olga.fake [at] mail [dot] example"),
        ("Her page is vk.com/id123456789 and nothing else.", "social", "vk.com/id123456789"),
        ("She is on Telegram as t.me/somebody_fake.", "social", "t.me/somebody_fake"),
        ("Ask @somebody_fake on Telegram.", "social", "@somebody_fake"),
        ("Her passport AN1234567 was kept at the station.", "id-number", "AN1234567"),
        ("The protocol gave her IDNP 2001234567890.", "id-number", "2001234567890"),
        ("The protocol gave her personal number 01001012345.", "id-number", "01001012345"),
        ("She lives at 12 Rustaveli Avenue, Tbilisi.", "address", "12 Rustaveli Avenue"),
        ("They came to Rustaveli Avenue 12 at night.", "address", "Rustaveli Avenue 12"),
        ("Her flat is at 15A Abay St., apt. 7 in Almaty.", "address", "15A Abay St., apt. 7"),
    ],
    "ru": [
        ("Её номер 8 (701) 123-45-67, звоните вечером.", "phone", "8 (701) 123-45-67"),
        ("Звоните на +7 701 123 45 67 в любое время.", "phone", "+7 701 123 45 67"),
        ("Мой телефон 0555 123 456, пишите.", "phone", "0555 123 456"),
        ("тел. 212-34-56 (дежурная часть)", "phone", "212-34-56"),
        ("Пишите на ivanova.m@mail.example, ответим.", "email", "ivanova.m@mail.example"),
        ("Её страница: vk.com/id123456789.", "social", "vk.com/id123456789"),
        ("Профиль https://ok.ru/profile/123456789 удалили.", "social", "https://ok.ru/profile/123456789"),
        ("Записали ИИН 850101300123 в протокол.", "id-number", "850101300123"),
        ("Забрали паспорт серия 45 06 № 123456.", "id-number", "45 06 № 123456"),
        ("Адрес: ул. Абая, 15, кв. 7.", "address", "ул. Абая, 15, кв. 7"),
        ("Жила на пр. Победы 3 в Караганде.", "address", "пр. Победы 3"),
        ("Задержали её у дома, д. 15, кв. 7.", "address", "д. 15, кв. 7"),
    ],
    "uk": [
        ("Телефонуйте 050 123 45 67 увечері.", "phone", "050 123 45 67"),
        ("Мій номер +380 (50) 123-45-67.", "phone", "+380 (50) 123-45-67"),
        ("Пишіть на olena.fake@ukr.example, будь ласка.", "email", "olena.fake@ukr.example"),
        ("Її сторінка instagram.com/olena_fake_99.", "social", "instagram.com/olena_fake_99"),
        ("Сторінка https://www.facebook.com/olena.fake.profile була відкрита.", "social",
         "https://www.facebook.com/olena.fake.profile"),
        ("Поліцейський переписав паспорт МЕ 123456.", "id-number", "МЕ 123456"),
        ("У протоколі вказали РНОКПП 1234567890.", "id-number", "1234567890"),
        ("Вона мешкала на вул. Шевченка, 12.", "address", "вул. Шевченка, 12"),
        ("Адреса: вул. Хрещатик, 22, кв. 5.", "address", "вул. Хрещатик, 22, кв. 5"),
    ],
    "ka": [
        ("დამირეკეთ +995 555 12 34 56 ნომერზე.", "phone", "+995 555 12 34 56"),
        ("ჩემი ნომერია 555 12 34 56.", "phone", "555 12 34 56"),
        ("მომწერეთ nino.fake@mail.example მისამართზე.", "email", "nino.fake@mail.example"),
        ("მისი გვერდია facebook.com/nino.fake.profile და სხვა არაფერი.", "social",
         "facebook.com/nino.fake.profile"),
        ("პირადი ნომერი 01001012345 ოქმში ჩაწერეს.", "id-number", "01001012345"),
        ("ის ცხოვრობს ვაჟა-ფშაველას გამზირი 12-ში.", "address", "ვაჟა-ფშაველას გამზირი 12"),
        ("მისამართი: ქ. ჭავჭავაძის 5.", "address", "ქ. ჭავჭავაძის 5"),
    ],
}


@pytest.mark.parametrize(
    "sentence,kind,text",
    [pytest.param(*case, id=f"{lang}-{case[1]}-{i}")
     for lang, cases in POSITIVES.items() for i, case in enumerate(cases)],
)
def test_true_positive(sentence, kind, text):
    assert found(sentence) == [(kind, text)]


@pytest.mark.parametrize("number", [
    "+995 32 2 12 34 56", "(032) 2 12 34 56", "0 555 12 34 56",  # GE
    "(044) 123-45-67", "050 123 45 67",  # UA
    "8-727-123-45-67", "+7 (727) 123-45-67", "8 (7212) 12-34-56",  # KZ
    "+996 555 123 456", "0555 123 456",  # KG
    "+373 69 123 456", "069 123 456",  # MD
    "+370 612 34567", "8 612 34567",  # LT
    "+371 2123 4567", "+372 5123 4567",  # LV, EE
    "+374 91 123456", "091 12 34 56",  # AM
    "+992 93 123 4567", "+7 916 123-45-67", "8 (916) 123-45-67",  # TJ, RU
    "+375 29 123-45-67", "8 029 123-45-67",  # BY
    "+998 90 123 45 67", "+994 50 123 45 67",  # UZ, AZ
    "555123456", "+995555123456",  # without separators
])
def test_regional_phone_formats(number):
    assert found(f"Номер: {number}, звоните.") == [("phone", number)]


@pytest.mark.parametrize("value", [
    "121282-11210",  # Latvian personal code
    "123-456-789 01",  # Russian SNILS
    "12IB34567",  # Georgian ID card
    "N12345678",  # Kazakh passport
    "3010180A001PB1",  # Belarusian identification number
    "39001011234",  # Lithuanian / Estonian personal code
])
def test_document_number_formats(value):
    assert found(f"Document {value} was copied.") == [("id-number", value)]


@pytest.mark.parametrize("address", [
    "str. Ştefan cel Mare 12",  # Chisinau
    "Brīvības iela 12",  # Riga
    "Gedimino pr. 9",  # Vilnius
    "Narva mnt 5",  # Tallinn
    "ul. Abaya 15",  # transliterated
    "რუსთაველის გამზირი 12",
    "12 ვაჟა-ფშაველას გამზირი",
    "ул. 8 Марта, 5",
])
def test_address_formats(address):
    assert found(f"Address: {address}.") == [("address", address)]


def test_social_link_is_one_finding_not_also_an_id():
    assert found("https://vk.com/id123456789") == [("social", "https://vk.com/id123456789")]


def test_email_is_not_also_a_handle():
    assert found("t.fake@mail.example") == [("email", "t.fake@mail.example")]


def test_several_findings_in_reading_order_with_lines():
    text = (
        "First line without anything.\n"
        "She gave +995 555 12 34 56 and ivanova.m@mail.example.\n"
        "\n"
        "Она жила на ул. Абая, 15; страница t.me/somebody_fake\n"
    )
    assert find_pii(text) == [
        Finding("phone", "+995 555 12 34 56", 2),
        Finding("email", "ivanova.m@mail.example", 2),
        Finding("address", "ул. Абая, 15", 4),
        Finding("social", "t.me/somebody_fake", 4),
    ]


def test_finding_is_frozen_and_empty_text_has_none():
    finding = Finding("phone", "555 12 34 56", 1)
    with pytest.raises(dataclasses.FrozenInstanceError):
        finding.kind = "email"
    assert find_pii("") == []


# --------------------------------------------------------- true negatives --
NEGATIVES = [
    # years, year ranges, dates
    "In 2014-2015 and 2014/15 the hotline was busy; 2016–2017 was worse.",
    "From 2014 to 2017; 2014-2017 гг.; 2014–2017 рр.; 2014-2017 წლებში.",
    "On 14.03.2015, 14/03/2015, 2015-03-14 and in 03.2015.",
    "14 марта 2015 года; 14 березня 2015 року; 2015 წლის 14 მარტს.",
    "Between 2014 and 2017, 120 women in 16 cities; 2014 2015 2016.",
    # counts, percentages, sums
    "41 of 46 women (89%) said so; 12.5%; 1/3 of them.",
    "В 2015–2016 годах 640 сотрудников прошли обучение.",
    "120 000 people; 1 500 000 тенге; 3 000 сомов; 15 000 грн; 100 ლარი; 1,500 euro.",
    "5 000–10 000 tenge; 10-15 days; pages 123-145; 15–20 thousand.",
    "В 2016 г. – 31 группа (640 чел.), в 2017 г. – 45 групп.",
    "16 cities in 8 countries, 46 stories and 12 solutions.",
    "Hotline calls 2014: 312; 2015: 540; 2016: 1 023.",
    # times
    "Open 10:00-18:00, from 20:00 to 08:00, 10.00–18.00, 8:30 – 17:30.",
    "с 20:00 до 08:00; з 20:00 до 08:00; 24/7.",
    # laws, articles, cases
    "Article 212 of the Criminal Code; Art. 309-1; part 3.",
    "статья 309 УК; ст. 130 КоАП; ч. 1 ст. 309; стаття 309 ККУ; статті 309, 310 і 311.",
    "მუხლი 273; 273-ე მუხლი; Law No. 123-IV of 2015; Закон № 2341-III.",
    "Order No. 123 of 12.05.2016; Приказ МВД № 345 от 10.10.2016; Наказ № 1234/5.",
    "The case 2-1234/2016 was heard; справа № 756/1234/15; Resolution 1325.",
    # ages
    "She was 23 years old; ей было 23 года; їй було 23 роки; 25-30 წლის.",
    "aged 19-25; 18–24 years; в возрасте 30–35 лет.",
    # streets without a house number, numbers near street words
    "She was stopped on Abay Street; на улице Ленина; на вул. Хрещатик.",
    "On Rustaveli Avenue 5 women were detained.",
    "На пр. Победы 3 года назад задержали 5 женщин.",
    "ул. Абая, 2015 год. ქ. თბილისი 2016 წელს.",
    "რუსთაველის გამზირზე 3 ქალი დააკავეს.",
    "The police station No. 5; e.g. 5 times; Street Law 2015.",
    # ordinary links and organisational references
    "See https://sana.example/reports/police-training-2017 and www.example.org/2015123456.",
    "COVID-19, H1N1, 50/50, 1:1, version 2.0.1.",
]


@pytest.mark.parametrize("text", NEGATIVES)
def test_no_false_alarm(text):
    assert found(text) == []


# ------------------------------------------- no false alarm on the sample --
def _front_matter_and_body(path: Path):
    lines = path.read_text(encoding="utf-8").split("\n")
    assert lines[0].strip() == "---", f"{path}: no front matter"
    end = next(i for i in range(1, len(lines)) if lines[i].strip() == "---")
    meta = yaml.safe_load("\n".join(lines[1:end])) or {}
    return meta, "\n".join(lines[end + 1:])


def _text_values(meta: dict):
    """The free-text front-matter values a record publishes."""
    for key in ("title", "summary", "made_by"):
        if isinstance(meta.get(key), str):
            yield key, meta[key]
    for i, item in enumerate(meta.get("evidence") or []):
        if isinstance(item, dict) and isinstance(item.get("title"), str):
            yield f"evidence[{i}].title", item["title"]
    for i, item in enumerate(meta.get("updates") or []):
        if isinstance(item, dict) and isinstance(item.get("note"), str):
            yield f"updates[{i}].note", item["note"]
    for i, item in enumerate(meta.get("recognised") or []):
        for key in ("role", "institution"):
            if isinstance(item, dict) and isinstance(item.get(key), str):
                yield f"recognised[{i}].{key}", item[key]


SAMPLE_FILES = sorted(p for folder in RECORD_FOLDERS for p in (CONTENT / folder).glob("*.md"))


def test_sample_content_is_there():
    for folder in RECORD_FOLDERS:
        assert any(p.parent.name == folder for p in SAMPLE_FILES), folder


@pytest.mark.parametrize("path", SAMPLE_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_no_false_alarm_on_sample_content(path):
    meta, body = _front_matter_and_body(path)
    problems = [f"body:{f.line}: {f.kind} {f.text!r}" for f in find_pii(body)]
    for where, value in _text_values(meta):
        problems += [f"{where}: {f.kind} {f.text!r}" for f in find_pii(value)]
    assert problems == []


# -- phonenumbers runs only around long digit runs: it must still find what a whole-text scan finds

_NUMBERS = ["+380 44 123 45 67", "044 123 45 67", "+7 701 123 45 67", "8 701 123 45 67", "+995 555 12 34 56",
            "+371 2012 3456", "+374 10 12 34 56", "+373 22 123 456", "022 123 456", "+996 312 12 34 56",
            "0312 12 34 56", "+372 5123 4567", "+370 612 34567", "8 612 34567", "+992 37 221 2345",
            "+998 71 123 45 67", "+994 12 123 45 67", "+375 17 123 45 67", "+7 495 123-45-67", "212 34 56"]
# every separator phonenumbers accepts between digits, and some pairs of them
_SEPARATORS = [" ", "-", ".", "/", "~", "(", ")", " (", ") ", "\u00a0", "\u2010", "\u2011", "\u2012", "\u2013",
               "\u2014", "\u2015", "\u2212", "\u30fc", "\uff0d", "\uff0e", "\uff0f", "\u00ad", "\u200b", "\u2060",
               "\u3000", "\u2053", "\u223c", "\uff5e", " - ", "-\u00a0", "\u2011 "]
_AROUND = ["", "On 2015-03-14 ", "On 14.03.2015, after a long night at the district station in Podil, ",
           "In 2019 and 2020 ", "Case 756/1234/15 was heard, and ", "She paid 1 500 000 and ", "тел. ",
           "Her friend (see the report of 2016-05-02, pages 10-12) "]


def _whole_text_phones(text):
    """What phonenumbers finds when it reads the whole text, filtered as pii does."""
    from phonenumbers import Leniency, PhoneNumberMatcher

    from campaign.safety import pii

    spans = set()
    for region in pii.REGIONS:
        for match in PhoneNumberMatcher(text, region, leniency=Leniency.VALID):
            if "+" in match.raw_string or not pii._not_a_phone(match.raw_string):
                spans.add((match.start, match.end))
    return spans


def test_phone_scan_around_digit_runs_finds_what_a_whole_text_scan_finds():
    from hypothesis import given, settings
    from hypothesis import strategies as st

    from campaign.safety import pii

    @settings(max_examples=1500, deadline=None, derandomize=True)
    @given(st.sampled_from(_NUMBERS), st.sampled_from(_SEPARATORS), st.sampled_from(_AROUND),
           st.sampled_from(_AROUND), st.sampled_from(["", " again.", ", then left.", " on 2015-03-15."]))
    def check(number, separator, before, after, end):
        text = before + "she called " + number.replace(" ", separator) + end + " " + after
        missing = _whole_text_phones(text) - set(pii._phones(text))
        assert not missing, (text, [text[a:b] for a, b in missing])

    check()
