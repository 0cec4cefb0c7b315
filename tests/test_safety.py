"""Do no harm (SPEC 5): leaks, hostile input, image metadata and the quick exit, tried hard.

One adversarial copy of the sample site is built once: canary records in every non-public
state, in several languages and cities; published records whose every text field carries
an attack; a hostile name in the registries; a published photo with GPS data.
"""
from __future__ import annotations

import gzip
import io

import pytest
import yaml
from PIL import Image

from conftest import copy_project, run_build

NEUTRAL = "https://www.wikipedia.org/"

# Canaries: (slug, folder, languages, status or "expired", city)
CANARIES = [
    ("canary-draft-kyiv", "stories", ["en", "ru", "uk"], "draft", "kyiv"),
    ("canary-review-batumi", "stories", ["ka", "ru"], "review", "batumi"),
    ("canary-withdrawn-osh", "stories", ["en", "ru"], "withdrawn", "osh"),
    ("canary-expired-riga", "stories", ["ru"], "expired", "riga"),
    ("canary-draft-solution-almaty", "solutions", ["en", "uk"], "draft", "almaty"),
    ("canary-review-commitment-chisinau", "commitments", ["en", "ru"], "review", "chisinau"),
    ("canary-withdrawn-success-narva", "successes", ["en"], "withdrawn", "narva"),
    # the advocacy record (issue 19): every state, every type
    ("canary-draft-ally-osh", "allies", ["en", "ru"], "draft", "osh"),
    ("canary-review-event-tbilisi", "events", ["en", "ka"], "review", "tbilisi"),
    ("canary-withdrawn-statement-kyiv", "statements", ["en", "ru"], "withdrawn", "kyiv"),
    ("canary-draft-document-riga", "documents", ["en"], "draft", "riga"),
    ("canary-withdrawn-event-bishkek", "events", ["ru"], "withdrawn", "bishkek"),
]
PAYLOADS = [
    '"><script>window.__pwned=1</script>',
    "<img src=x onerror=\"window.__pwned=2\">",
    "'><svg onload=window.__pwned=3>",
    "javascript:window.__pwned=4",
    '</script><script>window.__pwned=5</script>',
    "\" onmouseover=\"window.__pwned=6\" x=\"",
]


def canary(slug, lang, part):
    return f"CANARYX-{slug.upper()}-{lang.upper()}-{part}"


def story_front(slug, lang, status, city, extra=None):
    meta = {
        "title": canary(slug, lang, "TITLE"), "summary": canary(slug, lang, "SUMMARY"),
        "status": "published" if status == "expired" else status, "published": "2016-01-10", "city": city,
        "incident_date": "2015-06", "violations": ["extortion"], "documented_by": "women-voice-kyiv",
        "intersections": ["hiv"],
        "consent": {"reference": "C-1", "date": "2015-12-01", "scope": ["text", "city", "translation"]},
        "review": {"by": ["nino-k", "maria-c"], "date": "2016-01-05"},
    }
    if status == "expired":
        meta["consent"]["expires"] = "2017-01-01"
    meta.update(extra or {})
    return meta


def other_front(folder, slug, lang, status, city):
    base = {"title": canary(slug, lang, "TITLE"), "summary": canary(slug, lang, "SUMMARY"), "status": status,
            "published": "2016-01-10", "city": city, "review": {"by": ["nino-k", "maria-c"], "date": "2016-01-05"}}
    if folder == "solutions":
        base.update({"solution_types": ["legal-aid"], "evidence": [{"title": canary(slug, lang, "EVIDENCE"), "url": "https://x.example/", "kind": "report"}]})
    elif folder == "allies":
        base.update({"ally_kind": "supportive-police-officer", "individual": True, "role": canary(slug, lang, "ROLE"),
                     "consent": {"reference": "C-9", "date": "2016-01-01"},
                     "recognised": {"date": "2016-01-05", "reason": canary(slug, lang, "REASON")}})
    elif folder == "events":
        # upcoming (the calendar lists it) unless the gate stops it
        base.update({"event_type": "roundtable", "date": "2031-05-06", "participants": ["police"]})
    elif folder == "statements":
        base.update({"speaker": canary(slug, lang, "SPEAKER"), "speaker_role": canary(slug, lang, "SPEAKERROLE"),
                     "date": "2016-01-01", "video_url": "https://canary-video.example/watch"})
    elif folder == "documents":
        base.update({"document_type": "report", "date": "2016-01-01",
                     "files": [{"src": "canary-draft-document.pdf", "lang": "en"}]})
    elif folder == "successes":
        base.update({"success_types": ["case-won"], "recognised": [{"name": canary(slug, lang, "NAME"), "role": "r", "institution": "i"}]})
    else:
        base.update({"made_by": canary(slug, lang, "MADEBY"), "made_on": "2016-01-01", "commitment_status": "made",
                     "updates": [{"date": "2016-01-01", "status": "made", "note": canary(slug, lang, "NOTE")}]})
    return base


def write_record(folder_path, slug, lang, meta, body):
    name = f"{slug}.md" if lang == "en" else f"{slug}.{lang}.md"
    text = "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n" + body + "\n"
    (folder_path / name).write_text(text, "utf-8")


def gps_photo() -> bytes:
    """A 200x100 photo whose EXIF says: rotate 90 degrees; taken at a precise place; by a named owner."""
    image = Image.new("RGB", (200, 100), (200, 30, 30))
    image.paste((30, 30, 200), (0, 0, 100, 100))  # left half blue, so orientation can be checked
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90 CW to display
    exif[0x013B] = "Owner Name Canary"  # Artist
    exif[0x010F] = "PhoneMakerCanary"
    gps = {1: "N", 2: (41.0, 42.0, 43.0), 3: "E", 4: (44.0, 45.0, 46.0)}
    exif[0x8825] = gps
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif, comment=b"COMMENT-CANARY")
    return out.getvalue()


def pdf_with_metadata(marker: str) -> bytes:
    """A one-page PDF whose document info and XMP name an author, a program and a marker."""
    import pikepdf

    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(200, 200))
    pdf.docinfo["/Author"] = f"Author {marker} Canary"
    pdf.docinfo["/Creator"] = f"Creator {marker} Program"
    pdf.docinfo["/Title"] = f"Title {marker}"
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as xmp:
        xmp["dc:creator"] = [f"XMP {marker} Person"]
        xmp["xmp:CreatorTool"] = f"XMP {marker} Tool"
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


@pytest.fixture(scope="module")
def adversarial(tmp_path_factory):
    root = copy_project(tmp_path_factory.mktemp("adversarial"))
    content = root / "content"
    for slug, folder, langs, status, city in CANARIES:
        for lang in langs:
            body = canary(slug, lang, "BODY")
            if folder == "stories":
                meta = story_front(slug, lang, status, city)
            else:
                meta = other_front(folder, slug, lang, status, city)
            write_record(content / folder, slug, lang, meta, f"{body}\n\nA realistic paragraph. {body}")
    # published records with an attack in every text field
    payload = " ".join(PAYLOADS)
    hostile_story = story_front("hostile", "en", "published", "tbilisi", {
        "title": "Hostile story " + PAYLOADS[0], "summary": "Summary " + PAYLOADS[1] + PAYLOADS[5],
        "documented_by": "step-forward-tbilisi", "content_notes": ["drug-withdrawal"],
        "images": [{"src": "photo-with-gps.jpg", "alt": "Alt " + PAYLOADS[2]}],
        "consent": {"reference": "C-2", "date": "2015-12-01", "scope": ["text", "city", "translation", "photos"]},
        "review": {"by": ["nino-k", "maria-c"], "date": "2016-01-05"},
    })
    hostile_story.pop("intersections")
    write_record(content / "stories", "hostile-story", "en", hostile_story, "An ordinary body.")
    hostile_story["title"] = "Враждебная история " + PAYLOADS[4]
    write_record(content / "stories", "hostile-story", "ru", hostile_story, "Обычный текст.")
    write_record(content / "commitments", "hostile-commitment", "en", {
        "title": "Commitment " + PAYLOADS[3], "summary": "S " + payload, "status": "published", "published": "2016-02-01",
        "city": "tbilisi", "made_by": "Police " + PAYLOADS[0], "made_on": "2016-01-01", "commitment_status": "made",
        "updates": [{"date": "2016-01-01", "status": "made", "note": "Note " + payload}],
        "review": {"by": ["nino-k", "maria-c"], "date": "2016-01-05"}}, "Body.")
    write_record(content / "solutions", "hostile-solution", "en", {
        "title": "Solution " + PAYLOADS[5], "summary": "S " + payload, "status": "published", "published": "2016-02-01",
        "city": "tbilisi", "solution_types": ["legal-aid"],
        "evidence": [{"title": "Evidence " + payload, "url": "https://x.example/", "kind": "report"}],
        "review": {"by": ["nino-k", "maria-c"], "date": "2016-01-05"}}, "Body.")
    write_record(content / "successes", "hostile-success", "en", {
        "title": "Success " + PAYLOADS[2], "summary": "S " + payload, "status": "published", "published": "2016-02-01",
        "city": "tbilisi", "success_types": ["case-won"],
        "recognised": [{"name": "Name " + PAYLOADS[0], "role": "Role " + PAYLOADS[1], "institution": "Inst " + PAYLOADS[5]}],
        "review": {"by": ["nino-k", "maria-c"], "date": "2016-01-05"}}, "Body.")
    review = {"by": ["nino-k", "maria-c"], "date": "2016-01-05"}
    write_record(content / "allies", "hostile-ally", "en", {
        "title": "Ally " + PAYLOADS[0], "summary": "S " + payload, "status": "published", "published": "2016-02-01",
        "city": "tbilisi", "ally_kind": "other-official", "role": "Role " + payload, "website": "https://x.example/",
        "recognised": {"date": "2016-01-20", "reason": "Reason " + payload}, "review": review}, "Body.")
    write_record(content / "events", "hostile-event", "en", {
        "title": "Event " + PAYLOADS[1], "summary": "S " + payload, "status": "published", "published": "2016-02-01",
        "city": "tbilisi", "event_type": "roundtable", "date": "2030-01-02", "participants": ["police"],
        "review": review}, "Body.")
    write_record(content / "statements", "hostile-statement", "en", {
        "title": "Statement " + PAYLOADS[2], "summary": "S " + payload, "status": "published", "published": "2016-02-01",
        "city": "tbilisi", "speaker": "Speaker " + payload, "speaker_role": "Role " + payload, "date": "2016-01-01",
        "event": "hostile-event", "video_url": "https://hostile-video.example/watch?v=1", "review": review},
        "Body.")
    write_record(content / "documents", "hostile-document", "en", {
        "title": "Document " + PAYLOADS[5], "summary": "S " + payload, "status": "published", "published": "2016-02-01",
        "city": "tbilisi", "document_type": "report", "date": "2016-01-01",
        "files": [{"src": "hostile-document.pdf", "lang": "en"}], "related": ["hostile-ally"], "review": review},
        "Body.")
    # hostile names in the registries reach map popups, help boxes and tables
    places_path, orgs_path = content / "_data" / "places.yml", content / "_data" / "organizations.yml"
    places, orgs = yaml.safe_load(places_path.read_text("utf-8")), yaml.safe_load(orgs_path.read_text("utf-8"))
    next(c for c in places["cities"] if c["slug"] == "tbilisi")["name"]["en"] = "Tbilisi " + PAYLOADS[0]
    next(o for o in orgs["organizations"] if o["slug"] == "step-forward-tbilisi")["name"]["en"] = "Step Forward " + PAYLOADS[1]
    places_path.write_text(yaml.safe_dump(places, allow_unicode=True), "utf-8")
    orgs_path.write_text(yaml.safe_dump(orgs, allow_unicode=True), "utf-8")
    (content / "assets").mkdir(exist_ok=True)
    (content / "assets" / "photo-with-gps.jpg").write_bytes(gps_photo())
    (content / "assets" / "draft-only-photo.jpg").write_bytes(gps_photo())  # used by nobody public
    (content / "assets" / "hostile-document.pdf").write_bytes(pdf_with_metadata("HOSTILE"))
    (content / "assets" / "canary-draft-document.pdf").write_bytes(pdf_with_metadata("CANARYX-DRAFT-PDF"))
    # ...but by a draft (a file nothing uses at all is refused by the check: test_fail_closed)
    write_record(content / "stories", "canary-draft-photo-kyiv", "en", story_front(
        "canary-draft-photo-kyiv", "en", "draft", "kyiv",
        {"images": [{"src": "draft-only-photo.jpg", "alt": "A draft's photo"}]}), "Draft body.")
    site = root / "site"
    result = run_build(root / "mkdocs.yml", site, cwd=root)
    assert result.returncode == 0, result.stderr[-4000:]
    return root, site


def all_output(site):
    """(path, text) of every output file, gzip-compressed ones decompressed."""
    for path in sorted(site.rglob("*")):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if data[:2] == b"\x1f\x8b":
            data = gzip.decompress(data)
        yield path, data.decode("utf-8", errors="ignore")


def test_no_canary_reaches_any_output_file(adversarial):
    root, site = adversarial
    files = list(all_output(site))
    assert len(files) > 500
    compressed = [p for p, _ in files if p.read_bytes()[:2] == b"\x1f\x8b"]
    assert compressed, "the leak search must include compressed files"
    for path, text in files:
        assert "CANARYX-" not in text, f"a canary leaked into {path.relative_to(site)}"
        assert "Owner Name Canary" not in text and "COMMENT-CANARY" not in text
        # the slugs of drafts and records in review are named nowhere; a tombstone's slug only
        # at its own address (its page names itself, e.g. in the canonical link)
        assert "canary-draft" not in text and "canary-review" not in text, path
        for slug in ("canary-expired-riga", "canary-withdrawn-osh", "canary-withdrawn-success-narva",
                     "canary-withdrawn-statement-kyiv", "canary-withdrawn-event-bishkek"):
            if slug not in path.as_posix():
                assert slug not in text, (slug, path)


def test_tombstones_carry_no_canary_and_say_withdrawn(adversarial):
    _, site = adversarial
    for slug, folder, langs, status, _ in CANARIES:
        for lang in langs:
            page = site / ("" if lang == "en" else lang) / folder / slug / "index.html"
            if status in ("withdrawn", "expired"):
                html = page.read_text("utf-8")
                assert "CANARYX" not in html and 'content="noindex"' in html
            else:
                assert not page.parent.exists()


def test_sensitive_fields_reach_no_per_record_output(adversarial):
    import json

    _, site = adversarial
    for path in site.rglob("index.json"):
        for item in json.loads(path.read_text("utf-8"))["items"]:
            assert not {"intersections", "age_group"} & set(item["f"]), path
    for path, text in all_output(site):
        if path.name.endswith(".schema.json"):
            continue  # the schemas name the fields in order to forbid or describe them
        # no page, link or data file per sensitive value: those taxonomies are published only as counts
        assert "intersections/" not in text and "age-groups/" not in text, path
        assert '"intersections"' not in text and '"age_group"' not in text, path


def test_no_payload_stands_unescaped_in_any_output(adversarial):
    _, site = adversarial
    tags = ["<script>window.__pwned", "<img src=x onerror", "<svg onload"]
    # in HTML an unescaped quote would end an attribute; in XML text a quote is harmless
    attributes = ["onerror=\"window.__pwned", "onmouseover=\"window.__pwned"]
    checked = 0
    for path, text in all_output(site):
        if path.suffix not in (".html", ".js", ".json", ".xml"):
            continue
        checked += 1
        for needle in tags + (attributes if path.suffix == ".html" else []):
            assert needle not in text, f"unescaped payload {needle!r} in {path.relative_to(site)}"
        assert 'href="javascript:' not in text
        # protocol-relative addresses would make readers' browsers contact another host
        assert 'href="//' not in text and 'src="//' not in text, path
    assert checked > 300


def test_photo_is_published_without_metadata_and_upright(adversarial):
    _, site = adversarial
    outputs = sorted((site / "assets" / "images").glob("photo-with-gps-*.jpg"))
    assert outputs, "the photo of the published story should be published"
    for path in outputs:
        data = path.read_bytes()
        image = Image.open(io.BytesIO(data))
        assert len(image.getexif()) == 0
        assert not {"exif", "icc_profile", "xmp", "comment", "photoshop"} & set(image.info)
        assert b"Exif" not in data and b"http://ns.adobe.com/xap" not in data and b"COMMENT-CANARY" not in data
        # the camera's "rotate 90" was applied: the wide original now stands upright, blue on top
        assert image.height > image.width
        assert image.getpixel((image.width // 2, 5))[2] > 150
    assert not list(site.rglob("draft-only-photo*")), "an image nobody published must not be copied"
    assert not (site / "assets" / "photo-with-gps.jpg").exists(), "the original must never be copied"
    html = (site / "stories" / "hostile-story" / "index.html").read_text("utf-8")
    assert 'srcset="' in html and 'loading="lazy"' in html and 'alt="Alt &#39;&gt;&lt;svg' in html


def test_body_with_raw_html_attacks_fails_the_build(tmp_path):
    root = copy_project(tmp_path)
    story = sorted((root / "content" / "stories").glob("*-tbilisi.md"))[0]
    story.write_text(story.read_text("utf-8") + "\n<iframe src=\"https://evil.example\"></iframe>\n"
                     "[click](javascript:alert(1))\n", "utf-8")
    result = run_build(root / "mkdocs.yml", tmp_path / "site", cwd=root)
    assert result.returncode != 0
    out = result.stderr + result.stdout
    assert f"content/stories/{story.name}:" in out and "body: <iframe>: this HTML tag is not allowed" in out
    assert "this kind of link is not allowed" in out


@pytest.fixture(scope="module")
def adversarial_server(adversarial):
    import functools
    import http.server
    import threading

    from conftest import QuietHandler

    _, site = adversarial
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(site)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


HOSTILE_PAGES = ["stories/hostile-story/", "ru/stories/hostile-story/", "commitments/hostile-commitment/",
                 "solutions/hostile-solution/", "successes/hostile-success/", "stories/", "solutions/",
                 "successes/", "commitments/", "cities/tbilisi/", "countries/ge/", "map/", "", "ru/",
                 "violations/extortion/", "success-types/case-won/", "allies/hostile-ally/", "allies/",
                 "events/hostile-event/", "events/", "statements/hostile-statement/", "statements/",
                 "documents/hostile-document/", "documents/", "event-types/roundtable/"]


@pytest.mark.browser
def test_no_script_from_content_runs_on_any_page(adversarial_server, reader):
    dialogs = []
    reader.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    for url in HOSTILE_PAGES:
        reader.goto(f"{adversarial_server}/{url}")
        reader.wait_for_load_state("networkidle")
        if reader.locator(".leaflet-interactive").count():
            reader.locator(".leaflet-interactive").first.click(force=True)  # opens a popup with a hostile name
            reader.locator(".leaflet-interactive").first.hover(force=True)
        reader.mouse.move(200, 300)
        assert reader.evaluate("window.__pwned") is None, url
    assert dialogs == []
    assert reader.hosts == {"127.0.0.1"}


# -- the quick exit -------------------------------------------------------------

def neutral_route(page):
    page.route(NEUTRAL + "**", lambda route: route.fulfill(status=200, content_type="text/html",
                                                           body="<title>Neutral</title><p>neutral</p>"))


@pytest.mark.browser
def test_three_shifts_leave_and_back_does_not_return(server, reader, sample):
    neutral_route(reader)
    story = sorted(sample.of_type("story"), key=lambda r: r.slug)[0]
    reader.goto(f"{server}/")
    reader.goto(f"{server}/{story.url('en', 'en')}")
    live = reader.locator("[data-wav-exit-live]")
    reader.keyboard.press("Shift")
    assert "two more" in live.inner_text()
    reader.keyboard.press("Shift")
    assert "once more" in live.inner_text()
    reader.keyboard.press("Shift")
    reader.wait_for_url(NEUTRAL)
    reader.go_back()
    assert f"/stories/{story.slug}/" not in reader.url  # the story's history entry was replaced


@pytest.mark.browser
def test_shift_with_another_key_does_not_count(server, reader):
    neutral_route(reader)
    reader.goto(f"{server}/ru/")
    reader.keyboard.press("Shift")
    reader.keyboard.press("Shift")
    reader.keyboard.press("Shift+A")  # typing a capital letter: not a quick-exit press
    reader.keyboard.press("Shift")
    reader.wait_for_timeout(300)
    assert reader.url == f"{server}/ru/"
    reader.keyboard.press("Shift")
    reader.keyboard.press("Shift")
    reader.wait_for_url(NEUTRAL)


@pytest.mark.browser
def test_button_leaves_and_without_javascript_is_a_plain_link(server, reader, reader_without_js):
    neutral_route(reader)
    reader.goto(f"{server}/map/")
    button = reader.locator("[data-wav-exit]")
    assert button.is_visible()
    button.click()
    reader.wait_for_url(NEUTRAL)
    neutral_route(reader_without_js)
    reader_without_js.goto(f"{server}/ru/stories/")
    link = reader_without_js.locator("[data-wav-exit]")
    assert link.is_visible() and link.get_attribute("href") == NEUTRAL
    assert "покинуть" in link.inner_text()
    link.click()
    reader_without_js.wait_for_url(NEUTRAL)


PAGE_TYPES = {
    "home": "", "home ru": "ru/", "story": "stories/card-held-for-ransom-tbilisi/", "story ka": "ka/stories/card-held-for-ransom-tbilisi/",
    "solution": "solutions/paralegal-network-almaty/", "success": "successes/referral-agreement-karaganda/",
    "commitment": "commitments/odesa-detention-monitoring/", "index": "stories/", "index ru": "ru/successes/",
    "term": "violations/extortion/", "term overview": "ru/responses/", "city": "cities/osh/", "country": "ru/countries/ua/",
    "region": "map/", "about": "about/", "safety": "ru/safety/", "tombstone": "stories/withdrawn-story-almaty/",
    "404": "404.html", "404 ru": "ru/404.html",
    "ally": "allies/nana-surmanidze-batumi/", "allies": "allies/", "event": "events/batumi-roundtable-2016/",
    "events ru": "ru/events/", "statement with video": "statements/community-voice-geneva-2017/",
    "statement with video link": "ru/statements/almaty-8-march-address-2016/", "document": "documents/batumi-local-action-plan-2017/",
    "documents ka": "ka/documents/",
}


@pytest.mark.browser
@pytest.mark.parametrize("kind", sorted(PAGE_TYPES))
def test_no_request_leaves_localhost_and_no_console_error(server, reader, kind):
    reader.goto(f"{server}/{PAGE_TYPES[kind]}")
    reader.wait_for_load_state("networkidle")
    assert reader.locator("[data-wav-exit]").is_visible()
    csp = reader.locator('meta[http-equiv="Content-Security-Policy"]').get_attribute("content")
    assert "default-src 'self'" in csp and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert reader.locator('meta[name="referrer"]').get_attribute("content") == "no-referrer"
    assert reader.errors == []
    assert reader.hosts == {"127.0.0.1"}


# -- the advocacy record (issue 19) ------------------------------------------------

def test_published_pdf_has_no_metadata_and_still_opens(adversarial):
    import pikepdf
    from pypdf import PdfReader

    root, site = adversarial
    original = (root / "content" / "assets" / "hostile-document.pdf").read_bytes()
    with pikepdf.open(io.BytesIO(original)) as pdf:  # what goes in: the test can fail
        assert str(pdf.docinfo["/Author"]) == "Author HOSTILE Canary" and "/Metadata" in pdf.Root
        assert b"XMP HOSTILE Tool" in pdf.Root.Metadata.read_bytes()
    published = (site / "assets" / "hostile-document.pdf").read_bytes()
    for marker in (b"HOSTILE", b"Canary", b"CreatorTool", b"x:xmpmeta"):
        assert marker not in published, marker
    with pikepdf.open(io.BytesIO(published)) as pdf:
        assert len(pdf.pages) == 1
        assert "/Metadata" not in pdf.Root and not dict(pdf.docinfo)
    reader = PdfReader(io.BytesIO(published))
    assert len(reader.pages) == 1 and not reader.metadata
    assert not list(site.rglob("canary-draft-document*")), "a draft's PDF must never be published"
    page = (site / "documents" / "hostile-document" / "index.html").read_text("utf-8")
    assert 'href="../../assets/hostile-document.pdf"' in page and " kB)" in page  # listed with its size


def test_statement_with_video_url_is_a_plain_link_never_an_embed(adversarial):
    _, site = adversarial
    html = (site / "statements" / "hostile-statement" / "index.html").read_text("utf-8")
    assert '<a href="https://hostile-video.example/watch?v=1" rel="noopener noreferrer"' in html
    assert "<iframe" not in html and "<video" not in html and "<embed" not in html and "<object" not in html
    assert "This link leaves this site" in html
    # only as the target of that one link, never as something the page loads
    assert html.count("hostile-video.example") == 2  # href and its printed address (data-print)


@pytest.mark.browser
def test_statement_with_video_url_makes_no_request_to_the_video_host(adversarial_server, reader):
    reader.goto(f"{adversarial_server}/statements/hostile-statement/")
    reader.wait_for_load_state("networkidle")
    assert reader.locator("iframe").count() == 0
    assert reader.hosts == {"127.0.0.1"}


def test_calendar_lists_published_events_only(adversarial):
    from icalendar import Calendar

    _, site = adversarial
    for lang in ("", "ru/", "ka/"):
        calendar = Calendar.from_ical((site / f"{lang}events" / "calendar.ics").read_bytes())
        uids = [str(event["UID"]) for event in calendar.walk("VEVENT")]
        assert "event-hostile-event@women-against-violence.example" in uids
        assert not [uid for uid in uids if "canary" in uid]
