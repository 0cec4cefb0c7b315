"""A reader in headless Chromium: record pages in two languages, nothing leaves localhost."""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_story_in_english_and_russian_via_language_switcher(server, reader, sample):
    story = next(r for r in sorted(sample.records.values(), key=lambda r: r.slug)
                 if r.type == "story" and {"en", "ru"} <= set(r.versions))
    reader.goto(f"{server}/{story.url('en', 'en')}")
    assert reader.locator("h1").first.inner_text().strip() == story.versions["en"].meta["title"]
    assert reader.locator(".wav-facts").is_visible()
    # the language switcher leads to the same record in Russian
    reader.locator(".md-header__option .md-select").first.hover()
    reader.locator('.md-select__link[hreflang="ru"]').first.click()
    reader.wait_for_url(f"**/ru/stories/{story.slug}/")
    assert reader.locator("h1").first.inner_text().strip() == story.versions["ru"].meta["title"]
    assert reader.locator("html").get_attribute("lang") == "ru"
    # and back
    reader.locator(".md-header__option .md-select").first.hover()
    reader.locator('.md-select__link[hreflang="en"]').first.click()
    reader.wait_for_url(f"**/stories/{story.slug}/")
    assert "/ru/" not in reader.url
    reader.wait_for_load_state("networkidle")
    assert reader.errors == []
    assert reader.hosts == {"127.0.0.1"}


def test_russian_only_story_offers_no_missing_language(server, reader, sample):
    story = next(r for r in sample.records.values() if r.languages == ["ru"])
    reader.goto(f"{server}/{story.url('ru', 'en')}")
    languages = reader.locator(".md-select__link").evaluate_all("els => els.map(e => e.getAttribute('hreflang'))")
    assert languages == ["ru"]
    reader.wait_for_load_state("networkidle")
    assert reader.errors == []
    assert reader.hosts == {"127.0.0.1"}


def test_content_note_hides_the_text_until_opened(server, reader, sample):
    story = next(r for r in sorted(sample.records.values(), key=lambda r: r.slug)
                 if r.type == "story" and r.meta.get("content_notes") and "en" in r.versions)
    reader.goto(f"{server}/{story.url('en', 'en')}")
    body = reader.locator(".wav-content-note .wav-record__body")
    assert not body.is_visible()
    reader.locator(".wav-content-note > summary").click()
    assert body.is_visible()
