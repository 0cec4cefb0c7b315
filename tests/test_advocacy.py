"""The campaign's network and advocacy record (issue 19, SPEC 3.8-3.11): allies, events, statements, documents.

Bad input of each type is named with file, line and field; the sample site shows
allies, events held and coming, the commitments made there and the documents that
record them on its city pages; the calendar parses and keeps its UIDs from one
build to the next; a statement's video is the site's own, without metadata, with
captions and never autoplaying; documents list their files with language and size.
"""
from __future__ import annotations

import io
import json
import re
import subprocess
import sys

import pytest
import yaml

from campaign.safety import media
from conftest import ROOT, copy_project, load, run_build, tiny_pdf, write

REVIEW = {"by": ["nino-k", "maria-c"], "date": "2016-03-09"}


def record(meta: dict, body: str = "Text.\n") -> str:
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n" + body


def published(**fields) -> dict:
    return {"title": "A record", "summary": "One sentence.", "status": "published", "published": "2016-03-10",
            "city": "tbilisi", **fields, "review": REVIEW}


EVENT = published(title="Roundtable", event_type="roundtable", date="2016-03-01", participants=["police"])

# (what is wrong, files to write, the file:field the message names, words of the message)
BAD = {
    "ally: unknown kind": ({"allies/a.md": published(ally_kind="police-chief")},
                           "allies/a.md", "ally_kind", "unknown term 'police-chief' of the taxonomy 'ally-kind'"),
    "ally: unknown organisation": ({"allies/a.md": {k: v for k, v in published(ally_kind="partner-organisation",
                                                                               organization="nowhere").items()
                                                    if k != "title"}},
                                   "allies/a.md", "organization", "unknown organisation 'nowhere'"),
    "ally: a partner's name typed twice": ({"allies/a.md": published(ally_kind="partner-organisation",
                                                                     organization="step-forward")},
                                           "allies/a.md", "title", "is typed here although the ally is an organisation"),
    "ally: a partner without its organisation": ({"allies/a.md": published(ally_kind="partner-organisation")},
                                                 "allies/a.md", "organization", "a partner organisation is listed in"),
    "ally: a named person without consent": ({"allies/a.md": published(ally_kind="supportive-police-officer",
                                                                       individual=True)},
                                             "allies/a.md", "consent", "a named person is published only with"),
    "ally: a recognition without a reason": ({"allies/a.md": published(ally_kind="other-official",
                                                                       recognised={"date": "2016-01-01"})},
                                             "allies/a.md", "recognised.reason", "is missing"),
    "event: ends before it starts": ({"events/e.md": {**EVENT, "end": "2016-02-01"}},
                                     "events/e.md", "end", "is before the event's date"),
    "event: not a real date": ({"events/e.md": {**EVENT, "date": "2016-02-30"}},
                               "events/e.md", "date", "'2016-02-30' is not a real date"),
    "event: unknown participant": ({"events/e.md": {**EVENT, "participants": ["mayor"]}},
                                   "events/e.md", "participants.0", "unknown term 'mayor' of the taxonomy 'participant'"),
    "event: no place": ({"events/e.md": {k: v for k, v in EVENT.items() if k != "city"}},
                        "events/e.md", "city", "no place is given"),
    "statement: unknown event": ({"statements/s.md": published(speaker="Spokesperson", date="2016-03-01",
                                                               event="no-such-event")},
                                 "statements/s.md", "event", "no event has the slug 'no-such-event'"),
    "statement: a video and a link to one": ({"statements/s.md": published(
        speaker="Spokesperson", date="2016-03-01", video_url="https://video.example/1",
        video={"src": "v.mp4", "poster": "p.png", "captions": [{"src": "c-en.vtt", "lang": "en"}]})},
        "statements/s.md", "video_url", "is given together with a video"),
    "statement: a video that is not MP4": ({"statements/s.md": published(
        speaker="Spokesperson", date="2016-03-01",
        video={"src": "statement.mov", "poster": "p.png", "captions": [{"src": "c-en.vtt", "lang": "en"}]})},
        "statements/s.md", "video.src", "is not an MP4 video the site can publish"),
    "statement: captions without the WEBVTT line": ({"statements/s.md": published(
        speaker="Spokesperson", date="2016-03-01",
        video={"src": "v.mp4", "poster": "p.png", "captions": [{"src": "bad-en.vtt", "lang": "en"}]}),
        "assets/bad-en.vtt": "1\n00:00:01,000 --> 00:00:02,000\nHello\n"},
        "statements/s.md", "video.captions.0.src", "does not begin with WEBVTT"),
    "statement: a phone number in the captions": ({"statements/s.md": published(
        speaker="Spokesperson", date="2016-03-01",
        video={"src": "v.mp4", "poster": "p.png", "captions": [{"src": "phone-en.vtt", "lang": "en"}]}),
        "assets/phone-en.vtt": "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nCall me on +995 599 12 34 56\n"},
        "statements/s.md", "video.captions.0.src", "the captions hold a probable phone"),
    "document: a file that is not there": ({"documents/d.md": published(
        document_type="report", date="2016-03-01", files=[{"src": "missing.pdf", "lang": "en"}])},
        "documents/d.md", "files.0.src", "content/assets/missing.pdf is not a PDF the site can publish"),
    "document: no files": ({"documents/d.md": published(document_type="report", date="2016-03-01", files=[])},
                           "documents/d.md", "files", "needs at least 1 entry"),
    "document: two files in one language": ({"documents/d.md": published(
        document_type="report", date="2016-03-01",
        files=[{"src": "plan-en.pdf", "lang": "en"}, {"src": "plan-en.pdf", "lang": "en"}])},
        "documents/d.md", "files.1.lang", "a second file in 'en'"),
    "commitment: an event that is a story": ({"commitments/memo.md": None},
                                             "commitments/memo.md", "events.0", "no event has the slug 'second-story'"),
}


def _tree(content_dir, files):
    write(content_dir / "events" / "ok-event.md", record(EVENT))
    (content_dir / "assets").mkdir(exist_ok=True)
    (content_dir / "assets" / "plan-en.pdf").write_bytes(tiny_pdf())
    for rel, value in files.items():
        if rel == "commitments/memo.md":
            from conftest import MEMO

            write(content_dir / rel, MEMO.replace("commitment_status: in-progress",
                                                  "commitment_status: in-progress\nevents: [second-story]"))
        elif rel.startswith("assets/"):
            (content_dir / rel).write_text(value, "utf-8")
        else:
            write(content_dir / rel, record(value))


@pytest.mark.parametrize("case", list(BAD))
def test_bad_input_names_file_line_and_field(content_dir, case):
    files, rel, field, words = BAD[case]
    _tree(content_dir, files)
    content = load(content_dir)
    lines = (content_dir / rel).read_text("utf-8").splitlines()
    key = field.split(".")[0]
    line = next((i for i, text in enumerate(lines, 1) if text.startswith(f"{key}:")), None)
    found = [p for p in content.problems.errors if p.path == f"content/{rel}" and p.field == field
             and words in p.message]
    assert found, f"{case}: expected content/{rel}: {field}: {words}\n{content.problems.report()}"
    if line is not None:
        assert found[0].line >= line, (case, found[0].line, line)
    assert all(p.hint for p in found)


def test_a_partner_ally_takes_its_name_from_the_registry_in_each_language(content_dir):
    meta = {k: v for k, v in published(ally_kind="partner-organisation", organization="step-forward").items()
            if k != "title"}
    write(content_dir / "allies" / "step-forward-ally.md", record(meta))
    write(content_dir / "allies" / "step-forward-ally.ru.md", record({**meta, "summary": "Партнёр."}))
    content = load(content_dir)
    assert not content.problems.errors, content.problems.report()
    ally = content.records["step-forward-ally"]
    assert ally.versions["en"].meta["title"] == "Step Forward"
    assert ally.versions["ru"].meta["title"] == "Шаг вперёд"


# -- the sample site ---------------------------------------------------------------

def test_city_page_shows_allies_events_and_commitments_made_there(built_site):
    """Done when: a partner shows a police chief the city page with its allies, the roundtables held
    and the commitments made there, and subscribes to the calendar."""
    html = (built_site / "cities" / "batumi" / "index.html").read_text("utf-8")
    allies = html.split('id="allies"')[1].split("</ul>")[0]
    assert "Nana Surmanidze" in allies and "Black Sea Women" in allies and "Recognised" in allies
    held = html.split('id="events"')[1].split("</ul>")[0]
    assert "first roundtable between women and the regional police" in held
    tracker = html.split('id="commitments"')[1].split("</table>")[0]
    assert 'href="../../events/batumi-roundtable-2016/"' in tracker
    assert 'href="../../documents/batumi-local-action-plan-2017/"' in tracker
    assert 'id="documents"' in html and 'id="statements"' in html
    ka = (built_site / "ka" / "cities" / "batumi" / "index.html").read_text("utf-8")
    assert "მოკავშირეები" in ka  # "Allies" in Georgian


def test_indexes_and_term_pages_of_the_new_types(built_site):
    for folder in ("allies", "events", "statements", "documents"):
        for lang in ("", "ru/", "uk/", "ka/"):
            assert (built_site / f"{lang}{folder}" / "index.html").is_file(), (lang, folder)
            data = json.loads((built_site / f"{lang}{folder}" / "index.json").read_text("utf-8"))
            assert data["items"], (lang, folder)
    assert (built_site / "ally-kinds" / "supportive-police-officer" / "index.html").is_file()
    assert (built_site / "event-types" / "day-of-action" / "index.html").is_file()
    assert (built_site / "document-types" / "local-action-plan" / "index.html").is_file()
    documents = (built_site / "documents" / "index.html").read_text("utf-8")
    assert 'href="../report/women-against-violence-report-en.pdf"' in documents  # the report among documents


def test_document_page_lists_each_file_with_language_and_size_and_the_pdf_is_clean(built_site):
    import pikepdf

    html = (built_site / "documents" / "batumi-local-action-plan-2017" / "index.html").read_text("utf-8")
    files = html.split('id="wav-files-title"')[1].split("</ul>")[0]
    assert 'hreflang="en" lang="en" type="application/pdf">English</a>' in files
    assert 'hreflang="ru" lang="ru" type="application/pdf">Русский</a>' in files
    assert re.search(r"\(PDF, \d+ kB\)", files)
    original = (ROOT / "content" / "assets" / "documents" / "batumi-local-action-plan-en.pdf").read_bytes()
    with pikepdf.open(io.BytesIO(original)) as pdf:
        assert "/Author" in pdf.docinfo and "/Metadata" in pdf.Root  # the sample carries metadata to strip
    out = built_site / "assets" / "documents" / "batumi-local-action-plan-en.pdf"
    with pikepdf.open(out) as pdf:
        assert not dict(pdf.docinfo) and "/Metadata" not in pdf.Root and len(pdf.pages) == 1
    size = out.stat().st_size
    assert f"(PDF, {round(size / 1000)} kB)" in files.split("Русский")[0]


def test_statement_video_is_served_by_the_site_with_captions_and_without_metadata(built_site):
    html = (built_site / "statements" / "community-voice-geneva-2017" / "index.html").read_text("utf-8")
    video = re.search(r"<video[^>]*>.*?</video>", html, re.S).group(0)
    assert "autoplay" not in video and 'preload="none"' in video and "controls" in video
    assert 'poster="../../assets/statements/community-voice-geneva-poster.png"' in video
    assert 'src="../../assets/statements/community-voice-geneva.mp4" type="video/mp4"' in video
    assert 'srclang="en"' in video and 'srclang="ru"' in video and video.count(" default") == 1
    ru = (built_site / "ru" / "statements" / "community-voice-geneva-2017" / "index.html").read_text("utf-8")
    assert re.search(r'srclang="ru" label="[^"]+" default', ru)  # the reader's language is on by default
    original = (ROOT / "content" / "assets" / "statements" / "community-voice-geneva.mp4").read_bytes()
    assert media.metadata_boxes(original) and b"Pixel 7" in original  # the test can fail
    published = (built_site / "assets" / "statements" / "community-voice-geneva.mp4").read_bytes()
    assert media.metadata_boxes(published) == [] and b"Pixel 7" not in published and b"Beridze" not in published
    assert len(published) == len(original)  # same boxes, same offsets: it plays as before
    assert (built_site / "assets" / "statements" / "community-voice-geneva-en.vtt").read_text("utf-8").startswith("WEBVTT")


def test_commitment_page_links_the_events_and_documents_of_its_making(built_site):
    html = (built_site / "commitments" / "batumi-police-liaison" / "index.html").read_text("utf-8")
    assert 'href="../../events/batumi-roundtable-2016/"' in html
    assert 'href="../../documents/batumi-local-action-plan-2017/"' in html
    event = (built_site / "events" / "batumi-roundtable-2016" / "index.html").read_text("utf-8")
    assert 'href="../../commitments/batumi-police-liaison/"' in event  # both ways
    assert 'href="../../statements/liaison-promise-batumi-2016/"' in event


def test_open_data_has_the_new_types_without_consent(built_site):
    data = json.loads((built_site / "data" / "records.json").read_text("utf-8"))
    types = {r["type"] for r in data["records"]}
    assert {"ally", "event", "statement", "document"} <= types
    ally = next(r for r in data["records"] if r["slug"] == "nana-surmanidze-batumi")
    assert "consent" not in ally["fields"] and ally["fields"]["recognised"] == {"date": "2017-12-10"}
    assert ally["role"]["ru"].startswith("Заместитель")
    schema = json.loads((built_site / "data" / "records.schema.json").read_text("utf-8"))
    import jsonschema

    jsonschema.validate(data, schema)


def test_sitemap_and_feeds_list_the_new_pages(built_site):
    sitemap = (built_site / "sitemap.xml").read_text("utf-8")
    for path in ("allies/nana-surmanidze-batumi/", "events/batumi-roundtable-2016/", "statements/",
                 "documents/cedaw-shadow-submission-2017/"):
        assert path in sitemap, path
    feed = (built_site / "ru" / "events" / "feed.xml").read_text("utf-8")
    assert "event/batumi-roundtable-2016" in feed


# -- the calendar -------------------------------------------------------------------

@pytest.fixture(scope="module")
def two_builds(tmp_path_factory):
    """The sample built as on 1 January 2017, then again with an event's title changed."""
    root = copy_project(tmp_path_factory.mktemp("calendar"))
    config = root / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("      content_dir: content\n",
                                                        '      content_dir: content\n      today: "2017-01-01"\n'),
                      "utf-8")
    first = root / "site-1"
    result = run_build(config, first, cwd=root)
    assert result.returncode == 0, result.stderr[-3000:]
    event = root / "content" / "events" / "batumi-roundtable-2016.md"
    event.write_text(event.read_text("utf-8").replace("Batumi: first roundtable", "Batumi: the first roundtable"),
                     "utf-8")
    second = root / "site-2"
    result = run_build(config, second, cwd=root)
    assert result.returncode == 0, result.stderr[-3000:]
    return first, second


def _events(path):
    from icalendar import Calendar

    calendar = Calendar.from_ical(path.read_bytes())
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")}


def test_calendar_parses_in_every_language_with_every_event(two_builds):
    first, _ = two_builds
    for lang in ("", "ru/", "uk/", "ka/"):
        events = _events(first / f"{lang}events" / "calendar.ics")
        assert len(events) == 10, lang
        days = events["event-sixteen-days-2026@women-against-violence.example"]
        assert str(days["DTSTART"].dt) == "2026-11-25" and str(days["DTEND"].dt) == "2026-12-11"  # 10 December included
        march = events["event-womens-day-2027@women-against-violence.example"]
        assert str(march["DTSTART"].dt) == "2027-03-08"
        assert "women-against-violence.example/" in str(march["URL"])
    ru = _events(first / "ru" / "events" / "calendar.ics")
    assert str(ru["event-batumi-roundtable-2016@women-against-violence.example"]["SUMMARY"]).startswith("Батуми")


def test_calendar_uids_are_stable_across_builds(two_builds):
    first, second = two_builds
    before, after = _events(first / "events" / "calendar.ics"), _events(second / "events" / "calendar.ics")
    assert set(before) == set(after)
    uid = "event-batumi-roundtable-2016@women-against-violence.example"
    assert "the first roundtable" in str(after[uid]["SUMMARY"]) and "the first" not in str(before[uid]["SUMMARY"])
    assert before[uid]["DTSTAMP"].dt == after[uid]["DTSTAMP"].dt
    # an unchanged language gives the same bytes
    assert (first / "ka" / "events" / "calendar.ics").read_bytes() != b""
    assert (first / "ru" / "events" / "calendar.ics").read_bytes() == (second / "ru" / "events" / "calendar.ics").read_bytes()


def test_upcoming_and_past_events_are_listed_apart(two_builds):
    first, _ = two_builds
    html = (first / "events" / "index.html").read_text("utf-8")
    upcoming, held = html.split('id="past-events"')
    assert "16 Days of Activism against Gender-Based Violence 2026" in upcoming
    assert "CEDAW Committee hears" in upcoming  # 20 February 2017, after the build's day
    assert "first roundtable between women" in held and "first roundtable between women" not in upcoming
    assert upcoming.index("CEDAW") < upcoming.index("16 Days")  # soonest first
    assert 'href="calendar.ics"' in upcoming


# -- editors' tools -------------------------------------------------------------------

def campaign(*args, cwd):
    return subprocess.run([sys.executable, "-m", "campaign.tools.cli", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=300, stdin=subprocess.DEVNULL)


def test_new_scaffolds_every_new_type_and_the_unedited_scaffold_never_publishes(tmp_path):
    root = copy_project(tmp_path)
    for rtype in ("ally", "event", "statement", "document"):
        made = campaign("new", rtype, "--title", f"A {rtype}", "--city", "osh", cwd=root)
        assert made.returncode == 0, made.stderr
    assert campaign("check", "--quiet", cwd=root).returncode == 0  # drafts block nothing
    for folder, name in (("allies", "a-ally"), ("events", "a-event"), ("statements", "a-statement"),
                         ("documents", "a-document")):
        path = root / "content" / folder / f"{name}.md"
        path.write_text(path.read_text("utf-8").replace("status: draft", "status: review", 1), "utf-8")
    result = campaign("check", cwd=root)
    assert result.returncode == 1
    for folder, name in (("allies", "a-ally"), ("events", "a-event"), ("statements", "a-statement"),
                         ("documents", "a-document")):
        assert f"content/{folder}/{name}.md:" in result.stdout
        assert re.search(rf"content/{folder}/{name}\.md:\d+: body: is still the example text", result.stdout), name


# -- safety.media ---------------------------------------------------------------------

def test_media_refuses_what_it_cannot_clean():
    with pytest.raises(media.MediaError, match="convert it to MP4"):
        media.probe(b"\x1aE\xdf\xa3" + b"\x00" * 40)  # WebM
    with pytest.raises(media.MediaError):
        media.probe(b"\x00\x00\x00\x18ftypisom\x00\x00\x00\x00isom\x00\x00\x00\x09moo")  # cut short
    with pytest.raises(media.MediaError, match="WEBVTT"):
        media.captions_text(b"1\n00:00:01,000 --> 00:00:02,000\nHi\n")
    with pytest.raises(media.MediaError, match="UTF-8"):
        media.captions_text("WEBVTT\n\nпривет".encode("cp1251"))
