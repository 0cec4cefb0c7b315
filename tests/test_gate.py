"""The publication gate and the published collection, on hand-made records."""
from __future__ import annotations

import datetime as dt

import pytest

from campaign.content.collection import Published
from campaign.content.gate import HIDDEN, PUBLIC, TOMBSTONE, decide
from conftest import SECOND, load, write

TODAY = dt.date(2020, 1, 1)


@pytest.mark.parametrize("meta, expected", [
    ({"status": "published"}, PUBLIC),
    ({"status": "draft"}, HIDDEN),
    ({"status": "review"}, HIDDEN),
    ({"status": "withdrawn"}, TOMBSTONE),
    ({}, HIDDEN),
    ({"status": "Published"}, HIDDEN),
    ({"status": "published", "consent": {"expires": "2019-12-31"}}, TOMBSTONE),
    ({"status": "published", "consent": {"expires": "2020-01-01"}}, PUBLIC),
    ({"status": "published", "consent": {"expires": "2020-13-01"}}, HIDDEN),
])
def test_gate_decides_what_a_record_leaves_behind(meta, expected):
    assert decide(meta, TODAY) == expected


def test_collection_holds_only_public_records_and_links_both_ways(content_dir):
    write(content_dir / "stories" / "third-story.md",
          SECOND.replace("status: published", "status: draft").replace("Night in the cell", "A draft"))
    # the published story links to the draft: the link must vanish, not leak
    text = (content_dir / "stories" / "second-story.md").read_text("utf-8")
    (content_dir / "stories" / "second-story.md").write_text(
        text.replace("documented_by: sana", "documented_by: sana\nrelated: [third-story]"), "utf-8")
    published = Published(load(content_dir, today=TODAY))
    assert set(published.records) == {"card-story", "second-story"}
    assert set(published.hidden) == {"third-story"}
    # card-story lists second-story as related; second-story shows card-story back
    assert [r.slug for r in published.related("card-story")] == ["second-story"]
    assert [r.slug for r in published.related("second-story")] == ["card-story"]


def test_expired_consent_turns_a_record_into_a_tombstone(content_dir):
    path = content_dir / "stories" / "second-story.md"
    path.write_text(path.read_text("utf-8").replace("scope: [text, city]", "scope: [text, city]\n  expires: 2019-06-30"), "utf-8")
    published = Published(load(content_dir, today=TODAY))
    assert "second-story" in published.tombstones
    assert "second-story" not in published.records
    assert published.related("card-story") == []


def test_withdrawn_record_is_a_tombstone_in_every_language(content_dir):
    for name in ("card-story.md", "card-story.ru.md"):
        path = content_dir / "stories" / name
        path.write_text(path.read_text("utf-8").replace("status: published", "status: withdrawn"), "utf-8")
    published = Published(load(content_dir, today=TODAY))
    assert published.tombstones["card-story"].languages == ["en", "ru"]
