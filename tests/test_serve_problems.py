"""`mkdocs serve` as an editor meets it: a broken file shows its problems in the browser, the
last good site stays served, and the page comes back by itself when the file is fixed (SPEC 6)."""
from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

import pytest

from conftest import ROOT, STORY, site_config, write

pytestmark = [pytest.mark.build, pytest.mark.browser]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> tuple[int, str]:
    """One request that may not hang: MkDocs' own server left requests waiting while a build failed."""
    try:
        with urllib.request.urlopen(url, timeout=15) as answer:
            return answer.status, answer.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def _wait_for(predicate, what: str, timeout: float = 180):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(0.5)
    raise AssertionError(f"waited {timeout:.0f} s for {what}")


@pytest.fixture
def served(content_dir, tmp_path):
    with _serving(content_dir, tmp_path, "/stories/card-story/") as running:
        yield running


@contextlib.contextmanager
def _serving(content_dir, tmp_path, first_page):
    shutil.copytree(ROOT / "overrides", tmp_path / "overrides")
    # strict, as the site's own mkdocs.yml is: a warning stops a build (which needs a home page)
    write(tmp_path / "mkdocs.yml", site_config(("en", "ru"), today="2020-01-01", custom_dir=True) + "strict: true\n")
    write(content_dir / "index.md", "---\ntitle: Home\n---\nHello.\n")
    write(content_dir / "index.ru.md", "---\ntitle: Главная\n---\nПривет.\n")
    port = _free_port()
    log = open(tmp_path / "serve.log", "w+", encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}", "-f", "mkdocs.yml"],
        cwd=tmp_path, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"

    def up():
        if process.poll() is not None:
            log.seek(0)
            raise AssertionError("mkdocs serve stopped:\n" + log.read()[-3000:])
        try:
            return _get(base + first_page)[0] in (200, 503)
        except OSError:
            return False

    try:
        _wait_for(up, "mkdocs serve to answer")
        yield base, content_dir, log
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def test_a_broken_record_gives_a_problems_page_and_the_site_recovers(served):
    base, content, _log = served
    story = content / "stories" / "card-story.md"
    page = base + "/stories/card-story/"
    status, body = _get(page)
    assert status == 200 and "They kept my card" in body

    story.write_text(STORY.replace("status: published", "status: publishd"), encoding="utf-8")
    status, body = _wait_for(lambda: (lambda a: a if a[0] == 503 else None)(_get(page)),
                             "the problems page after saving a broken record")
    assert "The site was not rebuilt" in body
    assert "content/stories/card-story.md:4: status: &#x27;publishd&#x27; is not a known status" in body
    assert "use draft, review, published or withdrawn" in body  # the how-to-fix line, not only the problem
    assert "Traceback" not in body
    # every page of the site says so, not only the broken record's
    assert "The site was not rebuilt" in _get(base + "/")[1]
    # and the last good site is still served on request
    status, last_good = _get(page + "?last-good")
    assert status == 200 and "They kept my card" in last_good

    story.write_text(STORY, encoding="utf-8")
    status, body = _wait_for(lambda: (lambda a: a if a[0] == 200 else None)(_get(page)),
                             "the record page after fixing the file")
    assert "They kept my card" in body and "not rebuilt" not in body


def test_the_open_page_shows_the_problems_and_comes_back_by_itself(served, browser):
    """The editor saves and looks at the browser: no reload by hand, no hang (live reload works despite
    the pages' Content-Security-Policy, which blocked MkDocs' inline script before)."""
    base, content, _log = served
    story = content / "stories" / "second-story.md"
    original = story.read_text(encoding="utf-8")
    page = browser.new_page()
    blocked = []
    page.on("console", lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None)
    try:
        page.goto(base + "/stories/card-story/")
        assert "They kept my card" in page.inner_text("body")
        time.sleep(1)  # the live-reload poll is open
        story.write_text(original.replace("title:", "title: [unclosed", 1), encoding="utf-8")
        page.wait_for_selector("text=The site was not rebuilt", timeout=120_000)
        assert "second-story.md" in page.inner_text("body")
        story.write_text(original, encoding="utf-8")
        page.wait_for_selector("text=They kept my card", timeout=120_000)
        assert "not rebuilt" not in page.inner_text("body")
        assert not [m for m in blocked if "livereload" in m or "inline script" in m], blocked
    finally:
        page.close()


def test_serve_started_with_a_broken_file_shows_the_problems_and_recovers(content_dir, tmp_path):
    """MkDocs stops `serve` when its first build fails; an editor would be left with no site at all."""
    story = content_dir / "stories" / "card-story.md"
    story.write_text(STORY.replace("city: tbilisi", "city: [tbilisi"), encoding="utf-8")
    page = "/stories/card-story/"
    with _serving(content_dir, tmp_path, page) as (base, _content, _log):
        status, body = _get(base + page)
        assert status == 503 and "The site was not rebuilt" in body and "card-story.md" in body
        story.write_text(STORY, encoding="utf-8")
        status, body = _wait_for(lambda: (lambda a: a if a[0] == 200 else None)(_get(base + page)),
                                 "the record page after fixing the file")
        assert "They kept my card" in body


def test_requests_during_a_rebuild_do_not_stop_it(served):
    """MkDocs' server logs a 404 as a warning, and `strict: true` stopped any rebuild during which a
    browser asked for a missing file (a favicon, say): the site then never came back."""
    base, content, _log = served
    page = base + "/stories/card-story/"
    stop = threading.Event()

    def missing_files():
        while not stop.is_set():
            try:
                _get(base + "/favicon.ico")
            except OSError:  # a busy server may time out: the build is what is tested
                pass
            time.sleep(0.02)

    asker = threading.Thread(target=missing_files, daemon=True)
    asker.start()
    try:
        (content / "stories" / "card-story.md").write_text(
            STORY.replace("They kept my card", "They kept my card for a week"), encoding="utf-8")
        status, body = _wait_for(lambda: (lambda a: a if "for a week" in a[1] or a[0] != 200 else None)(_get(page)),
                                 "the rebuilt record page")
    finally:
        stop.set()
        asker.join()
    assert status == 200 and "They kept my card for a week" in body, body[:2000]
