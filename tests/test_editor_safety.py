"""Editors' journey, safe by default (SPEC 6, issue 15): the tools never lead an editor into harm.

Each test follows what an editor would do and checks what the tools then say.
"""
from __future__ import annotations

from conftest import load


def edit(path, old, new):
    text = path.read_text("utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new), "utf-8")


def status_problems(content_dir):
    return [p for p in load(content_dir).problems.errors if p.field == "status"]


def test_a_status_mismatch_is_never_fixed_by_publishing(content_dir):
    ru = content_dir / "stories" / "card-story.ru.md"
    edit(ru, "status: published", "status: withdrawn")  # an editor withdrew only the Russian file
    found = status_problems(content_dir)
    assert len(found) == 1 and found[0].path == "content/stories/card-story.ru.md"
    assert "set 'status: withdrawn' in every language file of this record" in found[0].hint
    assert "content/stories/card-story.md, content/stories/card-story.ru.md" in found[0].hint
    assert "copy the value" not in found[0].hint

    edit(ru, "status: withdrawn", "status: published")
    edit(content_dir / "stories" / "card-story.md", "status: published", "status: review")
    found = status_problems(content_dir)
    assert len(found) == 1 and "set 'status: review' in every language file" in found[0].hint
    for problem in found:
        assert "status: published" not in problem.hint
