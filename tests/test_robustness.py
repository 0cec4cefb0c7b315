"""Every value gets a message, never a traceback; hostile input is refused in bounded time (issue 11).

A property test writes arbitrary YAML values and structures into every field of
every record type and registry and asserts that loading (what `campaign check`
and the build run) returns problems with file, line and field, or passes.
Pathological inputs (alias bombs, deep nesting, huge images, unclosed tags)
must be refused within a few seconds: the timeouts are guards, not speed targets.
"""
from __future__ import annotations

import io
import struct
import time
import zlib

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from campaign.safety.sanitize import raw_html_problems
from conftest import MEMO, REGISTRIES, SECOND, STORY, load, tiny_pdf, write

SOLUTION = """\
---
title: Night legal aid
summary: Lawyers on call at night.
status: published
published: 2016-03-10
city: tbilisi
solution_types: [legal-aid]
addresses: [arbitrary-detention]
evidence:
  - title: Annual report
    url: https://step-forward.example/report
    kind: report
review:
  by: [nino-k, maria-c]
  date: 2016-03-09
---
Text.
"""

SUCCESS = """\
---
title: Case won
summary: A court awarded compensation.
status: published
published: 2016-03-10
city: tbilisi
success_types: [case-won]
recognised:
  - name: A lawyer
    role: Counsel
    institution: Step Forward
review:
  by: [nino-k, maria-c]
  date: 2016-03-09
---
Text.
"""

# the advocacy record (issue 19)
ALLY = """\
---
title: District inspector of the Old Town
summary: A police officer who answers urgent requests from the partner.
status: published
published: 2016-03-10
city: tbilisi
ally_kind: supportive-police-officer
individual: true
role: District inspector
consent: {reference: SF-ALLY-1, date: 2016-03-01}
recognised: {date: 2016-03-08, reason: For answering at night}
joined: 2015-01-10
review:
  by: [nino-k, maria-c]
  date: 2016-03-09
related: [roundtable]
---
Text.
"""

EVENT = """\
---
title: Roundtable with the police
summary: Women met the city police.
status: published
published: 2016-03-10
city: tbilisi
event_type: roundtable
date: 2016-03-01
end: 2016-03-02
participants: [police, community]
review:
  by: [nino-k, maria-c]
  date: 2016-03-09
---
Agreed: a liaison officer.
"""

STATEMENT = """\
---
title: What the spokesperson said
summary: A call to train police with the community.
status: published
published: 2016-03-10
city: tbilisi
speaker: Community spokesperson
speaker_role: Step Forward
event: roundtable
date: 2016-03-01
video_url: https://video.example/watch/1
review:
  by: [nino-k, maria-c]
  date: 2016-03-09
---
Teach your officers with us.
"""

DOCUMENT = """\
---
title: Local action plan
summary: The plan agreed at the roundtable.
status: published
published: 2016-03-10
city: tbilisi
document_type: local-action-plan
date: 2016-03-05
files:
  - {src: plan-en.pdf, lang: en}
review:
  by: [nino-k, maria-c]
  date: 2016-03-09
---
Text.
"""

RECORDS = {"stories/card-story.md": STORY, "stories/second-story.md": SECOND, "commitments/memo.md": MEMO,
           "solutions/night-aid.md": SOLUTION, "successes/case-won.md": SUCCESS, "allies/inspector.md": ALLY,
           "events/roundtable.md": EVENT, "statements/spokesperson.md": STATEMENT, "documents/plan.md": DOCUMENT}


# YAML values of every shape editors (or an attacker) could type
SCALARS = (st.none() | st.booleans() | st.integers(-10**12, 10**12) | st.floats(allow_nan=True)
           | st.text(max_size=30) | st.sampled_from(["2015-02-30", "2015-13", "tbilisi", "published", "", "0x1F",
                                                     "~", "yes", "1e400", "<script>x</script>", "../../etc"]))
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=4)
                      | st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=12)


def _paths(data, prefix=()):
    """Every key path of a document (dict keys and list indexes), outermost first."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield prefix + (key,)
            yield from _paths(value, prefix + (key,))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield prefix + (i,)
            yield from _paths(value, prefix + (i,))


def _replaced(data, path, value):
    if not path:
        return value
    data = yaml.safe_load(yaml.safe_dump(data))  # a copy
    target = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return data


def _front(text):
    head, body = text.split("\n---\n", 1)
    return yaml.load(head.removeprefix("---\n"), Loader=yaml.BaseLoader), body


FIELDS = [("record", rel, path) for rel, text in RECORDS.items() for path in _paths(_front(text)[0])]
FIELDS += [("registry", name, path) for name, data in REGISTRIES.items() for path in list(_paths(data))[:60]]


def _assert_problems_are_located(content):
    for problem in content.problems:
        assert problem.path.startswith("content/"), problem
        assert problem.line >= 0 and problem.field and problem.message, problem


PDF = tiny_pdf()


def write_valid_tree(content):
    """The registries and a valid record of every type (the document's PDF with it)."""
    for fname, data in REGISTRIES.items():
        write(content / "_data" / fname, yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    for rel, text in RECORDS.items():
        write(content / rel, text)
    (content / "assets").mkdir()
    (content / "assets" / "plan-en.pdf").write_bytes(PDF)


def test_the_records_of_every_type_are_valid_before_they_are_broken(tmp_path):
    content = tmp_path / "content"
    write_valid_tree(content)
    loaded = load(content)
    assert not loaded.problems.errors, loaded.problems.report()
    assert {r.type for r in loaded.records.values()} == {"story", "commitment", "solution", "success", "ally", "event",
                                                          "statement", "document"}


@pytest.fixture(scope="module")
def tree(tmp_path_factory):
    root = tmp_path_factory.mktemp("robust")
    return root


@settings(max_examples=150, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(field=st.sampled_from(FIELDS), value=VALUES, whole=st.booleans())
def test_any_value_in_any_field_gives_located_problems_never_an_exception(tree, field, value, whole):
    kind, name, path = field
    content = tree / "content"
    if content.exists():
        import shutil

        shutil.rmtree(content)
    write_valid_tree(content)
    # either the value replaces the field, or the whole enclosing structure is arbitrary
    path = path[:-1] if whole and len(path) > 1 else path
    if kind == "record":
        meta, body = _front(RECORDS[name])
        text = "---\n" + yaml.safe_dump(_replaced(meta, path, value), allow_unicode=True) + "---\n" + body
        (content / name).write_text(text, "utf-8")
    else:
        data = _replaced(REGISTRIES[name], path, value)
        (content / "_data" / name).write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    _assert_problems_are_located(load(content))


def _front_matter_file(content, yaml_text):
    write(content / "stories" / "bomb.md", "---\n" + yaml_text + "\n---\nBody.\n")


ALIAS_BOMB = "\n".join(["a0: &a0 [x, x, x, x, x, x, x, x, x]"]
                       + [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
                       + ["title: *a9"])


@pytest.mark.timeout(20)
def test_an_alias_bomb_in_front_matter_is_refused_at_once(content_dir):
    _front_matter_file(content_dir, ALIAS_BOMB)
    start = time.monotonic()
    problems = load(content_dir).problems
    assert time.monotonic() - start < 5  # 9^10 strings if expanded
    found = [p for p in problems.errors if p.path == "content/stories/bomb.md"]
    assert found and found[0].line == 2 and "aliases" in found[0].message, problems.report()


@pytest.mark.timeout(20)
def test_an_alias_bomb_in_a_registry_is_refused_at_once(content_dir):
    (content_dir / "_data" / "places.yml").write_text(ALIAS_BOMB + "\n", "utf-8")
    problems = load(content_dir).problems
    found = [p for p in problems.errors if p.path == "content/_data/places.yml"]
    assert found and "aliases" in found[0].message, problems.report()


@pytest.mark.timeout(20)
def test_deep_nesting_is_refused(content_dir):
    _front_matter_file(content_dir, "title: " + "[" * 5000 + "]" * 5000)
    found = [p for p in load(content_dir).problems.errors if p.path == "content/stories/bomb.md"]
    assert found and "nested" in found[0].message


def _png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG file whose header claims `width` x `height` pixels."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 10)) + chunk(b"IEND", b"")


@pytest.mark.timeout(20)
@pytest.mark.parametrize("size", [(9_000, 9_000), (100_000, 100_000)])
def test_an_image_with_huge_dimensions_is_refused_before_decoding(content_dir, size):
    (content_dir / "assets").mkdir()
    (content_dir / "assets" / "bomb.png").write_bytes(_png_claiming(*size))
    story = (content_dir / "stories" / "second-story.md").read_text("utf-8")
    story = story.replace("review:", "images:\n  - src: bomb.png\n    alt: A photo\nreview:")
    (content_dir / "stories" / "second-story.md").write_text(story.replace("scope: [text, city]",
                                                                           "scope: [text, city, photos]"), "utf-8")
    found = [p for p in load(content_dir).problems.errors if p.path == "content/assets/bomb.png"]
    assert found and "50 megapixels" in found[0].message, found
    if size[0] < 10_000:  # below Pillow's own alarm the size is named
        assert "9000 x 9000 pixels" in found[0].message


@pytest.mark.timeout(30)
def test_unclosed_tags_are_checked_in_linear_time():
    body = "<a " * 50_000 + "<div <span title='x' " * 5_000  # about 250 KB, no tag ever closed
    start = time.monotonic()
    raw_html_problems(body)
    assert time.monotonic() - start < 10


@pytest.mark.timeout(30)
def test_a_huge_body_of_unclosed_tags_is_checked_in_bounded_time(content_dir):
    text = (content_dir / "stories" / "second-story.md").read_text("utf-8")
    (content_dir / "stories" / "second-story.md").write_text(text + "<b " * 50_000 + "\n<script>x</script>\n", "utf-8")
    problems = load(content_dir).problems
    assert any(p.path == "content/stories/second-story.md" and "<script>" in p.message for p in problems.errors)


def test_duplicate_keys_name_both_lines(content_dir):
    path = content_dir / "stories" / "second-story.md"
    text = path.read_text("utf-8").replace("status: published\n", "status: draft\nstatus: published\n")
    path.write_text(text, "utf-8")
    first = text.splitlines().index("status: draft") + 1
    found = [p for p in load(content_dir).problems.errors if p.path == "content/stories/second-story.md"]
    assert found and found[0].field == "status" and found[0].line == first + 1
    assert f"lines {first} and {first + 1}" in found[0].message


def test_a_byte_order_mark_is_accepted(content_dir):
    path = content_dir / "stories" / "second-story.md"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    registry = content_dir / "_data" / "places.yml"
    registry.write_bytes(b"\xef\xbb\xbf" + registry.read_bytes())
    content = load(content_dir)
    assert not content.problems.errors, content.problems.report()
    assert content.records["second-story"].meta["title"] == "Night in the cell"


@pytest.mark.parametrize("char", ["\x07", "\x1b", "\x00", "\x85"])
@pytest.mark.parametrize("escaped", [True, False])
def test_control_characters_in_a_text_field_are_errors(content_dir, char, escaped):
    path = content_dir / "stories" / "second-story.md"
    value = f'"Night{char.encode("unicode_escape").decode()}in the cell"' if escaped else f"Night{char}in the cell"
    path.write_text(path.read_text("utf-8").replace('"Night in the cell"', value), "utf-8")
    found = [p for p in load(content_dir).problems.errors if p.path == "content/stories/second-story.md"]
    assert found and found[0].line == 2, found
    assert f"U+{ord(char):04X}" in found[0].message and "control character" in found[0].message
    assert found[0].field == "title"


def test_feeds_are_well_formed_whatever_the_text(sample):
    from xml.etree import ElementTree

    from campaign.site.feeds import atom

    record = next(iter(sample.records.values()))
    version = record.original
    version.doc.data = {**version.meta, "title": "A\x07B\x1b\ufffe", "summary": "\x00S"}
    try:
        text = atom([record], lang="en", default="en", site_url="https://x.example/", feed_path="feed.xml",
                    page_path="", title="T\x0c", author="W\x01")
    finally:
        version.doc.data = {k: v for k, v in version.meta.items()}
    feed = ElementTree.fromstring(text.encode("utf-8"))
    assert feed.find("{http://www.w3.org/2005/Atom}entry/{http://www.w3.org/2005/Atom}title").text == "AB"


def test_body_line_numbers_are_exact(content_dir):
    path = content_dir / "stories" / "second-story.md"
    text = path.read_text("utf-8").replace("---\nThey kept me overnight.", "---\n\n\nThey kept me overnight.\n<iframe>")
    path.write_text(text, "utf-8")
    line = text.splitlines().index("<iframe>") + 1
    found = [p for p in load(content_dir).problems.errors if "<iframe>" in p.message]
    assert found and found[0].line == line, (found, line)


def test_reserved_file_name_in_a_record_folder_is_refused(content_dir):
    write(content_dir / "stories" / "index.md", STORY)
    found = [p for p in load(content_dir).problems.errors if p.path == "content/stories/index.md"]
    assert found and "reserved" in found[0].message


def test_images_are_read_through_a_bounded_probe():
    from PIL import Image

    from campaign.safety.images import ImageError, probe

    out = io.BytesIO()
    Image.new("RGB", (30, 20)).save(out, "PNG")
    assert probe(out.getvalue()) == (30, 20)
    with pytest.raises(ImageError, match="megapixels"):
        probe(_png_claiming(60_000, 60_000))
    with pytest.raises(ImageError, match="JPEG or PNG"):
        probe(b"%PDF-1.4 not an image")


@pytest.mark.timeout(30)
def test_a_body_with_many_links_and_brackets_is_read_in_bounded_time():
    from campaign.content.references import references

    body = "![a](assets/x.jpg) [b](https://x.example/) " * 20_000 + "[" * 50_000 + "](" * 50_000
    start = time.monotonic()
    found = references(body)
    assert time.monotonic() - start < 10
    assert sum(1 for ref in found if ref.embedded) >= 20_000


def test_remote_resources_reserved_names_and_quick_exit_classes_are_refused_in_bodies_and_pages(content_dir):
    write(content_dir / "index.md", "# Home\n\n![tracker](https://tracker.example/pixel.png)\n")
    path = content_dir / "stories" / "card-story.md"
    path.write_text(path.read_text("utf-8") + '\n<img src="a.png" srcset="//cdn.example/a.png 2x" alt="x">\n'
                    '<div id="__config">{"search": "https://evil.example/x.js"}</div>\n'
                    '<a class="wav-exit__button" href="https://evil.example/">Leave</a>\n'
                    '[ref image][logo]\n\n![logo][logo]\n\n[logo]: https://tracker.example/logo.png\n', "utf-8")
    problems = load(content_dir).problems.errors
    lines = path.read_text("utf-8").splitlines()

    def line_of(text):
        return next(i for i, line in enumerate(lines, 1) if text in line)

    shown = {(p.path, p.line, p.field): p.message for p in problems}
    assert "would be loaded from another site" in shown[("content/index.md", 3, "body")]
    story = "content/stories/card-story.md"
    assert "//cdn.example/a.png" in shown[(story, line_of("srcset"), "body")]
    assert any("__config" in m and "used by the site itself" in m
               for (p, n, _), m in shown.items() if p == story and n == line_of("__config"))
    assert any("wav-exit__button" in m for (p, n, _), m in shown.items() if p == story and n == line_of("wav-exit"))
    assert "tracker.example/logo.png" in shown[(story, line_of("![logo]"), "body")]


def test_the_sanitiser_drops_reserved_names_and_remote_sources():
    from campaign.safety.sanitize import clean

    html = clean('<div id="__config" class="wav-exit md-button x">a</div><img src="https://t.example/p.png" alt="p">'
                 '<img src="a.png" srcset="https://t.example/a.png 2x" alt="q"><h2 id="_1">Заголовок</h2>')
    assert 'id="__config"' not in html and "wav-exit" not in html and 'class="md-button x"' in html
    assert "t.example" not in html and 'src="a.png"' in html and 'id="_1"' in html
