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


def test_withdrawing_one_language_file_withdraws_the_record_at_once(content_dir):
    """A withdrawal is never held up, and nothing tells the editor to put fields back into the
    withdrawn file: the record is a neutral page in every language until the other files follow."""
    from campaign.content.gate import TOMBSTONE

    ru = content_dir / "stories" / "card-story.ru.md"
    ru.write_text("---\ntitle: Withdrawn\nstatus: withdrawn\n---\n", "utf-8")  # only the Russian file
    content = load(content_dir)
    assert not [p for p in content.problems.errors if "card-story" in p.path], content.problems.report()
    assert content.state(content.records["card-story"]) == TOMBSTONE
    notes = [p for p in content.problems if "card-story" in p.path]
    assert [(p.path, p.field) for p in notes] == [("content/stories/card-story.md", "status")], notes
    assert "withdraw this file too (content/stories/card-story.md)" in notes[0].hint
    assert not [p for p in content.problems if "copy the value" in p.hint or "published" in p.hint]


def test_a_status_mismatch_is_never_fixed_by_publishing(content_dir):
    edit(content_dir / "stories" / "card-story.md", "status: published", "status: review")
    found = status_problems(content_dir)
    assert len(found) == 1 and "set 'status: review' in every language file" in found[0].hint
    for problem in found:
        assert "status: published" not in problem.hint


# --- review.pii_allow never clears her own details

def campaign(*args, cwd):
    import subprocess
    import sys

    return subprocess.run([sys.executable, "-m", "campaign.tools.cli", *args], cwd=cwd, capture_output=True,
                          text=True, timeout=300, stdin=subprocess.DEVNULL)


def imported_project(tmp_path):
    """A project where the example form export was imported, as the guide's first exercise does."""
    import shutil
    from importlib import resources
    from pathlib import Path

    from conftest import ROOT, site_config, write

    root = tmp_path / "project"
    shutil.copytree(ROOT / "content" / "_data", root / "content" / "_data")
    (root / "content" / "stories").mkdir()
    write(root / "mkdocs.yml", site_config())
    examples = Path(str(resources.files("campaign.tools") / "examples"))
    result = campaign("import", str(examples / "kobo-export.csv"), "--mapping", str(examples / "kobo-mapping.yml"),
                      cwd=root)
    assert result.returncode in (0, 1), result.stderr  # the example has rows that are refused on purpose
    return root


def publish_with(path, body_line, allow):
    """What a hurried editor does: publish the draft, with a phone number in the text, 'allowed'."""
    text = path.read_text("utf-8")
    text = text.replace("status: draft", "status: published\npublished: 2017-06-01", 1)
    text = text.replace("\n---\n", "\nreview:\n  by: [anna-p, nino-k]\n  date: 2017-05-30\n"
                        f"  pii_allow: ['{allow}']\n---\n", 1)
    path.write_text(text + f"\n{body_line}\n", "utf-8")


def test_a_phone_number_the_importer_dropped_cannot_be_allowed_back(tmp_path):
    root = imported_project(tmp_path)
    fingerprints = root / ".campaign" / "dropped-values.txt"
    stored = fingerprints.read_text("utf-8")
    for value in ("+996 555 010 101", "555010101", "Aizada"):  # fingerprints, not the values
        assert value not in stored
    draft = next(p for p in (root / "content" / "stories").glob("*.md")
                 if "Held at the pharmacy until I paid" in p.read_text("utf-8"))
    # row 101 dropped respondent_phone "+996 555 010 101"; the editor types it back in another form
    publish_with(draft, "She asked us to call her back on 0555 010 101.", "0555 010 101")
    result = campaign("check", cwd=root)
    assert result.returncode == 1
    rel = draft.relative_to(root).as_posix()
    assert ("review.pii_allow.0: '0555 010 101' was dropped by campaign import as personal data" in result.stdout)
    assert "probable phone number: '0555 010 101'" in result.stdout  # the finding stays an error
    assert f"{rel}:" in result.stdout

    # the same with a number the importer never saw: in a testimony it is hers unless a partner publishes it
    text = draft.read_text("utf-8").replace("0555 010 101", "+996 700 123 456")
    draft.write_text(text, "utf-8")
    result = campaign("check", cwd=root)
    assert "'+996 700 123 456' is a phone number in a testimony; it cannot be allowed" in result.stdout
    assert "probable phone number: '+996 700 123 456'" in result.stdout

    # a partner's public hotline listed in the registry may be allowed
    orgs = root / "content" / "_data" / "organizations.yml"
    listed = '    phone: ["+44 808 157 0101", "+44 20 7946 0101"]\n'
    assert listed in orgs.read_text("utf-8")
    orgs.write_text(orgs.read_text("utf-8").replace(
        listed, '    phone: ["+44 808 157 0101", "+44 20 7946 0101", "+996 700 123 456"]\n', 1), "utf-8")
    result = campaign("check", cwd=root)
    assert "+996 700 123 456" not in result.stdout, result.stdout


def test_her_dropped_name_typed_back_and_the_importers_list_left_in_fail_the_check(tmp_path):
    """Deleting the importer's list is not enough, and keeping it is not allowed: a name the import
    dropped (respondent_name 'Aizada M.') typed back into the text fails from review on."""
    root = imported_project(tmp_path)
    draft = next(p for p in (root / "content" / "stories").glob("*.md")
                 if "Held at the pharmacy until I paid" in p.read_text("utf-8"))
    rel = draft.relative_to(root).as_posix()
    publish_with(draft, "My name is Aizada, and I want it known.", "8 March")
    text = draft.read_text("utf-8")
    if "# PROBABLE PERSONAL DATA" not in text:  # the row had none: write the list as the importer does
        text = text.replace("\n", "\n# PROBABLE PERSONAL DATA (1): remove or rewrite each item below\n", 2)
        draft.write_text(text, "utf-8")
    result = campaign("check", cwd=root)
    assert result.returncode == 1
    assert "the importer's list of probable personal data is still at the top of the file" in result.stdout
    body_line = next(i for i, line in enumerate(draft.read_text("utf-8").splitlines(), 1) if "My name is" in line)
    assert (f"{rel}:{body_line}: body: 'Aizada' is a word of a value campaign import dropped as personal data"
            in result.stdout), result.stdout
    # the editor does the work: the list goes, the name goes
    lines = [line for line in draft.read_text("utf-8").splitlines(keepends=True)
             if not line.startswith(("# PROBABLE", "#   line", "# then delete"))]
    draft.write_text("".join(lines).replace("My name is Aizada, and I want", "I want"), "utf-8")
    result = campaign("check", cwd=root)
    own = [line for line in result.stdout.splitlines() if line.startswith(f"{rel}:")]
    assert not [line for line in own if "importer's list" in line or "Aizada" in line], own


def test_a_dropped_number_cannot_become_an_organisations_number(tmp_path):
    """The message for a number in a testimony once said to add a partner's number to the registry:
    her own number, added there, would be shown on every help page."""
    root = imported_project(tmp_path)
    orgs = root / "content" / "_data" / "organizations.yml"
    listed = '    phone: ["+44 808 157 0101", "+44 20 7946 0101"]\n'
    text = orgs.read_text("utf-8")
    line = text[:text.index(listed)].count("\n") + 1
    orgs.write_text(text.replace(listed, '    phone: ["+44 808 157 0101", "+996 555 010 101"]\n', 1), "utf-8")
    result = campaign("check", cwd=root)
    assert result.returncode == 1
    assert (f"content/_data/organizations.yml:{line}: " in result.stdout
            and "'+996 555 010 101' was dropped by campaign import as personal data" in result.stdout), result.stdout


# --- day-precise dates

DAY_DATES = {
    "en": ["on 14 December 2015", "on December 14th", "14.12.2015", "2015-12-14", "on 21.02 at night"],
    "ru": ["14 декабря", "14-го декабря 2015 года", "14.12.15", "21/02"],
    "uk": ["14 грудня", "14-го грудня"],
    "ka": ["2015 წლის 14 დეკემბერს", "14 დეკემბრის"],
}
NOT_DAYS = ["in December 2015", "в декабре 2015 года", "у грудні", "დეკემბერში", "article 3.5.10", "at 10:30",
            "from 2014 to 2016", "she may 3 times have asked", "for 14 days", "in 1.5 hours", "4/12 of them",
            "version 2.10.3"]


def test_find_day_dates_in_every_language_and_not_months():
    from campaign.safety.dates import find_day_dates

    for lang, texts in DAY_DATES.items():
        for text in texts:
            assert find_day_dates(f"Text {text} more."), (lang, text)
    for text in NOT_DAYS:
        assert not find_day_dates(text), text


def test_a_day_date_in_an_imported_story_is_reported_in_english_and_russian(tmp_path):
    root = imported_project(tmp_path)
    stories = root / "content" / "stories"
    english = next(p for p in stories.glob("*.md") if "Held at the pharmacy until I paid" in p.read_text("utf-8"))
    publish_with(english, "It happened on 14 March 2016, the day after the market closed.", "nothing")
    russian = next(p for p in stories.glob("*.ru.md") if "status: draft" in p.read_text("utf-8"))
    russian.write_text(russian.read_text("utf-8") + "\nЭто было 14-го марта, в понедельник.\n", "utf-8")
    result = campaign("check", cwd=root)
    assert result.returncode == 1
    assert f"{english.relative_to(root).as_posix()}:" in result.stdout
    assert "body: probable day-precise date: '14 March'" in result.stdout
    assert "give only the month and year" in result.stdout
    # the Russian draft: notes now, errors once it is published
    assert "probable day-precise date: '14-го марта'" in result.stdout


# --- campaign new guesses nothing; its example text never publishes

def new_project(tmp_path):
    import shutil

    from conftest import ROOT, site_config, write

    root = tmp_path / "project"
    shutil.copytree(ROOT / "content" / "_data", root / "content" / "_data")
    write(root / "mkdocs.yml", site_config())
    return root


def test_new_story_needs_a_place_and_fills_in_no_date_scope_or_year(tmp_path):
    import datetime as dt

    root = new_project(tmp_path)
    refused = campaign("new", "story", "--title", "Detained at night", cwd=root)
    assert refused.returncode == 2 and "where did it happen? Give --city" in refused.stderr
    assert not (root / "content" / "stories").exists()

    made = campaign("new", "story", "--title", "Detained at night", "--organization", "south-women-osh", cwd=root)
    assert made.returncode == 0, made.stderr
    assert "Its city is osh, the city of south-women-osh: change it if it happened elsewhere" in made.stdout
    text = (root / "content" / "stories" / "detained-at-night.md").read_text("utf-8")
    assert "city: osh" in text
    today = dt.date.today()
    assert today.isoformat() not in text and f'"{today.year}"' not in text
    front_lines = text.split("---")[1].splitlines()
    assert "scope: []" in "\n".join(front_lines) and "[text, city]" not in text
    for line in front_lines:
        if line.strip().startswith(("date:", "incident_date:")):  # unset: only commented or empty
            assert line.split("#")[0].split(":", 1)[1].strip() in ('""', ""), line


def test_a_scaffold_published_without_edits_fails_naming_each_placeholder(tmp_path):
    root = new_project(tmp_path)
    for rtype, args in (("story", ["--city", "osh", "--organization", "south-women-osh"]), ("solution", []),
                        ("success", ["--city", "osh"]), ("commitment", [])):
        assert campaign("new", rtype, "--title", f"A {rtype}", *args, cwd=root).returncode == 0
    from conftest import write

    story = root / "content" / "stories" / "a-story.md"
    story.write_text(story.read_text("utf-8").replace("status: draft", "status: published", 1), "utf-8")
    for folder, name in (("solutions", "a-solution"), ("successes", "a-success"), ("commitments", "a-commitment")):
        path = root / "content" / folder / f"{name}.md"
        path.write_text(path.read_text("utf-8").replace("status: draft", "status: review", 1), "utf-8")
    result = campaign("check", cwd=root)
    assert result.returncode == 1
    for folder, name in (("stories", "a-story"), ("solutions", "a-solution"), ("successes", "a-success"),
                         ("commitments", "a-commitment")):
        path = f"content/{folder}/{name}.md"
        lines = [line for line in result.stdout.splitlines() if line.startswith(f"{path}:")]
        summary_line = next(n for n, text in enumerate(open(root / path, encoding="utf-8"), 1)
                            if text.startswith("summary:"))
        assert f"{path}:{summary_line}: summary: is still the example sentence of 'campaign new'" in lines, name
        assert any("body: is still the example text of 'campaign new'" in line for line in lines), name
    # nothing was guessed for her: the published story lacks what only the editor knows
    for words in ("incident_date: '' is not written in the expected form", "consent.date: is missing",
                  "consent.scope: needs at least 1 entry", "review.date: is missing"):
        assert words in result.stdout, words
    # while they are drafts the same lines are notes, blocking nothing
    for path in root.glob("content/*/a-*.md"):
        write(path, path.read_text("utf-8").replace("status: published", "status: draft", 1)
              .replace("status: review", "status: draft", 1))
    assert campaign("check", cwd=root).returncode == 0


# --- the reviewers registry

def test_a_reviewer_from_the_documenting_organisation_or_unknown_fails(content_dir):
    from conftest import write

    write(content_dir / "_data" / "reviewers.yml", """\
        reviewers:
          - handle: nino-k
            organization: step-forward
            languages: [ka, ru]
          - handle: maria-c
            organization: sana
            languages: [ru, en]
        """)
    errors = [p for p in load(content_dir).problems.errors]
    # card-story is documented by step-forward and reviewed by nino-k (step-forward) and maria-c
    found = [(p.path, p.line, p.field, p.message) for p in errors]
    assert ("content/stories/card-story.md", 20, "review.by.0",
            "'nino-k' works for step-forward, the organisation that documented this record") in found
    # second-story is documented by sana: maria-c works there
    assert any(p.path == "content/stories/second-story.md" and "'maria-c' works for sana" in p.message for p in errors)

    story = content_dir / "stories" / "second-story.md"
    edit(story, "by: [nino-k, maria-c]", "by: [nino-k, tbilisi]")  # a city slug typed as a handle
    errors = load(content_dir).problems.errors
    unknown = next(p for p in errors if p.path == "content/stories/second-story.md" and p.field == "review.by.1")
    assert unknown.message == "'tbilisi' is not in the reviewers registry"
    assert "content/_data/reviewers.yml (maria-c, nino-k" in unknown.hint

    # a registry that cannot be read lets no review count
    write(content_dir / "_data" / "reviewers.yml", "reviewers:\n  - handle: nino-k\n")
    errors = load(content_dir).problems.errors
    assert any(p.path == "content/_data/reviewers.yml" and "organization" in p.field + p.message for p in errors)
    assert any(p.field.startswith("review.by") and "not in the reviewers registry" in p.message for p in errors)


def test_the_sample_reviewers_registry_covers_every_review():
    from campaign.content.loader import load_content
    from campaign.tools.cli import site_settings
    from conftest import ROOT

    settings, docs_dir = site_settings(ROOT / "mkdocs.yml")  # the site's languages and fixed pages
    content = load_content(docs_dir, settings, project_root=ROOT)
    assert content.registries.reviewers and not content.problems.errors, content.problems.report()


# --- messages in plain words

YAML_MISTAKES = {
    # name: (what the editor typed in place of the title line, line of the mistake, words of the message, of the hint)
    "colon in an unquoted title": ('title: Detained: at night\n', 2, "has a ':' in it",
                                   'title: "Detained: at night"'),
    "tab indentation": ('title: "x"\nreview:\n\tby: [a]\n', 4, "indented with a tab", "spaces only"),
    "missing bracket": ('title: "x"\nviolations: [extortion, arbitrary-detention\n', 3,
                        "not closed with ']'", "end the list on the same line"),
    "bad indentation": ('title: "x"\nconsent:\n  reference: "SA-1"\n   date: 2015-02-20\n', 5,
                        "starts 3 space(s) in, but the group it belongs to starts 2", "same column"),
    "quotes inside quotes": ('title: "She said "no""\n', 2, "double quotes inside double quotes",
                             "title: 'She said \"no\"'"),
}


def test_each_yaml_mistake_gets_a_plain_message_at_its_line(content_dir):
    story = content_dir / "stories" / "second-story.md"
    original = story.read_text("utf-8")
    for name, (typed, line, message, hint) in YAML_MISTAKES.items():
        story.write_text(original.replace('title: "Night in the cell"\n', typed, 1), "utf-8")
        found = [p for p in load(content_dir).problems.errors if p.path == "content/stories/second-story.md"]
        assert len(found) == 1, (name, found)
        assert found[0].line == line and message in found[0].message and hint in found[0].hint, (name, found[0])
        assert "mapping values" not in found[0].message and "token" not in found[0].message, name


def test_a_misspelt_field_is_reported_once_and_values_read_as_yaml(content_dir):
    for name in ("card-story.md", "card-story.ru.md"):
        edit(content_dir / "stories" / name, "violations: [extortion]", "violation: [extortion]")
    edit(content_dir / "stories" / "card-story.ru.md", "city: tbilisi", "city: almaty")
    errors = load(content_dir).problems.errors
    about_violations = [p for p in errors if "violation" in p.field]
    assert [(p.path, p.field, p.message, p.hint) for p in about_violations] == [
        ("content/stories/card-story.md", "violation", "is not a known field", "did you mean 'violations'?"),
        ("content/stories/card-story.ru.md", "violation", "is not a known field", "did you mean 'violations'?")]
    city = next(p for p in errors if p.field == "city")
    assert "('tbilisi' there, 'almaty' here)" in city.message
    edit(content_dir / "stories" / "card-story.ru.md", "  date: 2015-03-30\n", "")
    review = next(p for p in load(content_dir).problems.errors if p.field == "review.date")
    assert "under 'review:'" in review.hint
    mismatch = next(p for p in load(content_dir).problems.errors if p.field == "review")
    assert "[nino-k, maria-c]" in mismatch.message and "['nino-k'" not in mismatch.message


def test_a_problem_of_the_whole_file_has_no_line_zero():
    from campaign.content.problems import Problem

    assert Problem("content/stories/x.md", 0, "-", "the file is not UTF-8 text", "save it as UTF-8").format() == (
        "content/stories/x.md: the file is not UTF-8 text\n    how to fix: save it as UTF-8")


# --- renaming a published record

def renamed_project(content_dir):
    from conftest import site_config, write
    from test_aliases import previous_build

    root = content_dir.parent
    write(root / "mkdocs.yml", site_config(("en", "ru"), today="2020-01-01"))
    previous = root / "records.json"
    previous.write_text(previous_build(load(content_dir)), "utf-8")
    return root, previous


def test_rename_with_a_redirect_keeps_the_old_address_and_related_links(content_dir):
    root, previous = renamed_project(content_dir)
    asked = campaign("rename", "card-story", "card-kept-by-police", cwd=root)
    assert asked.returncode == 2 and "--redirect" in asked.stderr and "--no-redirect" in asked.stderr
    result = campaign("rename", "card-story", "card-kept-by-police", "--redirect", cwd=root)
    assert result.returncode == 0, result.stderr
    stories = content_dir / "stories"
    assert not list(stories.glob("card-story*"))
    for name in ("card-kept-by-police.md", "card-kept-by-police.ru.md"):
        assert "aliases: [card-story]" in (stories / name).read_text("utf-8")
    content = load(content_dir)
    assert content.records["card-kept-by-police"].languages == ["en", "ru"]
    # the record it links to is renamed too: the link follows
    assert campaign("rename", "second-story", "night-in-the-cell", "--redirect", cwd=root).returncode == 0
    assert "related: [night-in-the-cell]" in (stories / "card-kept-by-police.ru.md").read_text("utf-8")
    check = campaign("check", "--previous", str(previous), cwd=root)
    assert check.returncode == 0, check.stdout


def test_renamed_sample_story_old_address_answers_as_chosen_in_a_real_build(tmp_path):
    from conftest import copy_project, run_build

    project = copy_project(tmp_path / "project")
    stories = project / "content" / "stories"
    slugs = sorted(p.name[:-len(".ru.md")] for p in stories.glob("*.ru.md")
                   if "status: published" in p.read_text("utf-8") and (stories / p.name.replace(".ru.md", ".md")).is_file())
    kept, hidden = slugs[0], slugs[1]
    assert campaign("rename", kept, "renamed-kept", "--redirect", cwd=project).returncode == 0
    assert campaign("rename", hidden, "renamed-hidden", "--no-redirect", cwd=project).returncode == 0
    build = run_build(project / "mkdocs.yml", tmp_path / "site", project)
    assert build.returncode == 0, build.stderr[-3000:]
    site = tmp_path / "site"
    for prefix in ("", "ru/"):
        old_page = (site / prefix / "stories" / kept / "index.html").read_text("utf-8")
        assert "renamed-kept" in old_page and 'http-equiv="refresh"' in old_page
        gone = (site / prefix / "stories" / hidden / "index.html").read_text("utf-8")
        assert "renamed-hidden" not in gone and 'content="noindex"' in gone
        assert (site / prefix / "stories" / "renamed-hidden" / "index.html").is_file()


def test_rename_without_a_redirect_leaves_the_neutral_page_and_by_hand_fails_previous(content_dir):
    root, previous = renamed_project(content_dir)
    result = campaign("rename", "card-story", "card-kept-by-police", "--no-redirect", cwd=root)
    assert result.returncode == 0, result.stderr
    assert "campaign purge card-story" in result.stdout
    stories = content_dir / "stories"
    assert (stories / "card-story.ru.md").read_text("utf-8") == "---\ntitle: Withdrawn\nstatus: withdrawn\n---\n"
    assert "aliases" not in (stories / "card-kept-by-police.md").read_text("utf-8")
    assert "They kept my card" in (stories / "card-kept-by-police.md").read_text("utf-8")
    content = load(content_dir)
    assert content.state(content.records["card-story"]) == "tombstone"
    assert campaign("check", "--previous", str(previous), cwd=root).returncode == 0

    # a rename by hand, without an alias, is caught by --previous
    (stories / "second-story.md").rename(stories / "night-in-a-cell.md")
    check = campaign("check", "--previous", str(previous), cwd=root)
    assert check.returncode == 1
    assert "/stories/second-story/ was published before and would disappear" in check.stdout
    assert "campaign rename" in check.stdout


# --- translations know the language a story was told in

def test_translations_are_reported_against_the_language_she_told_it_in(content_dir):
    import os
    import subprocess

    from campaign.tools.translations import translation_report

    stories = content_dir / "stories"
    # told in Russian; the English file is the translation
    for name in ("card-story.md", "card-story.ru.md"):
        edit(stories / name, "status: published\n", "status: published\noriginal_language: ru\n")
    report = translation_report(load(content_dir), project_root=content_dir.parent, use_git=False).to_json()
    english = report["languages"]["en"]
    assert [e["path"] for e in english["records_unknown"]] == ["content/stories/card-story.md"]
    missing = next(e for e in report["languages"]["uk"]["records_missing"] if e["record"] == "card-story")
    assert missing["original"] == "content/stories/card-story.ru.md"
    assert not [e for e in report["languages"]["ru"]["records_unknown"] if e["record"] == "card-story"]

    # without the field, the file git saw first is the original
    for name in ("card-story.md", "card-story.ru.md"):
        edit(stories / name, "original_language: ru\n", "")
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org"}

    def commit(*paths, date):
        subprocess.run(["git", "add", *paths], cwd=content_dir.parent, check=True, env=env)
        subprocess.run(["git", "commit", "-qm", "x"], cwd=content_dir.parent, check=True,
                       env={**env, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date})

    subprocess.run(["git", "init", "-q"], cwd=content_dir.parent, check=True)
    commit("content/_data", "content/stories/card-story.ru.md", "content/stories/second-story.md",
           date="2020-01-01T10:00:00+00:00")
    commit("content/stories/card-story.md", date="2020-02-01T10:00:00+00:00")
    report = translation_report(load(content_dir), project_root=content_dir.parent).to_json()
    assert report["method"] == "git", report
    missing = next(e for e in report["languages"]["uk"]["records_missing"] if e["record"] == "card-story")
    assert missing["original"] == "content/stories/card-story.ru.md"
    assert not [e for e in report["languages"]["ru"]["records_outdated"] if e["record"] == "card-story"]


def test_a_full_date_can_never_be_allowed_but_a_public_day_can(content_dir):
    """'14.12.2015' in pii_allow once made the check say OK: a day with its year dates her case."""
    story = content_dir / "stories" / "second-story.md"
    text = story.read_text("utf-8")
    story.write_text(text.replace("  date: 2015-03-30\n", "  date: 2015-03-30\n  pii_allow: ['14.12.2015']\n", 1)
                     + "\nIt was 14.12.2015.\n", "utf-8")
    assert "pii_allow" in story.read_text("utf-8")
    errors = [p for p in load(content_dir).problems.errors if p.path.endswith("second-story.md")]
    assert any(p.field == "review.pii_allow.0" and "can never be allowed" in p.message for p in errors), errors
    assert any("probable day-precise date" in p.message for p in errors), errors
    story.write_text(text.replace("  date: 2015-03-30\n", "  date: 2015-03-30\n  pii_allow: ['8 March']\n", 1)
                     + "\nOn 8 March we marched.\n", "utf-8")
    errors = [p for p in load(content_dir).problems.errors if p.path.endswith("second-story.md")]
    assert not errors, errors


def test_a_wrong_previous_build_is_refused_in_plain_words(content_dir, tmp_path):
    """A wrong file once passed as 'nothing disappears', and a text file gave a traceback."""
    from conftest import site_config, write

    root = content_dir.parent
    write(root / "mkdocs.yml", site_config(("en", "ru"), today="2020-01-01"))
    (tmp_path / "list.json").write_text("[1, 2]", "utf-8")
    (tmp_path / "text.json").write_text("not json", "utf-8")
    (tmp_path / "cities.geojson").write_text('{"type": "FeatureCollection", "features": []}', "utf-8")
    for given, says in [(tmp_path / "list.json", "is not the data/records.json of a build of this site"),
                        (tmp_path / "text.json", "is not the data/records.json of a build of this site"),
                        (tmp_path / "cities.geojson", "is not the data/records.json of a build of this site"),
                        (tmp_path / "missing.json", "does not exist; give the file data/records.json"),
                        (tmp_path, "is a folder without data/records.json")]:
        result = campaign("check", "--previous", str(given), cwd=root)
        assert result.returncode == 2, (given, result.stdout, result.stderr)
        assert says in result.stderr and "Traceback" not in result.stderr + result.stdout, result.stderr
    # a built site's folder is understood
    (tmp_path / "site" / "data").mkdir(parents=True)
    (tmp_path / "site" / "data" / "records.json").write_text(
        '{"records": [{"type": "story", "slug": "gone-story", "languages": ["en"]}]}', "utf-8")
    result = campaign("check", "--previous", str(tmp_path / "site"), cwd=root)
    assert result.returncode == 1 and "/stories/gone-story/ was published before and would disappear" in result.stdout


def test_renaming_a_draft_puts_no_old_address_online(content_dir):
    """A draft has no address yet: renaming it must not create a neutral page at its old, perhaps
    identifying, name (which would put that name online for the first time)."""
    root, _previous = renamed_project(content_dir)
    for name in ("card-story.md", "card-story.ru.md"):
        edit(content_dir / "stories" / name, "status: published", "status: draft")
    result = campaign("rename", "card-story", "card-held", "--no-redirect", cwd=root)
    assert result.returncode == 0, result.stderr
    stories = content_dir / "stories"
    assert not list(stories.glob("card-story*")), "the old name stays in content/ as a withdrawn page"
    assert sorted(p.name for p in stories.glob("card-held*")) == ["card-held.md", "card-held.ru.md"]
    assert "aliases" not in (stories / "card-held.md").read_text("utf-8")


def test_translations_never_ask_to_translate_a_draft(content_dir):
    """A draft may still hold her name or number: asking for it in three more languages multiplies them."""
    import json

    from conftest import site_config, write

    root = content_dir.parent
    write(root / "mkdocs.yml", site_config(("en", "ru"), today="2020-01-01"))
    edit(content_dir / "stories" / "second-story.md", "status: published", "status: draft")
    result = campaign("translations", "--json", "--no-git", cwd=root)
    report = json.loads(result.stdout)
    missing = [item["record"] for item in report["languages"]["ru"]["records_missing"]]
    assert "second-story" not in missing
    assert [d["record"] for d in report["drafts"]] == ["second-story"]
    text = campaign("translations", "--no-git", cwd=root).stdout
    assert "Drafts, not to be translated yet" in text and "translate content/stories/second-story.md" not in text
