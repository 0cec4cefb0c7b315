"""`campaign translations`: what is missing or out of date in each language.

For every site language it reports

- records that lack a version in that language (withdrawn records are left
  out: their page is neutral; stories whose consent scope lacks
  `translation` are listed apart, because they must NOT be translated);
- translations older than their original (the record's first version in
  site-language order). In a git checkout with full history the last commit
  date of each file decides (`git log -1 --format=%ct -- path`; a file with
  uncommitted changes counts as changed now). Elsewhere (a download, a
  shallow CI clone) the translation's optional `source_hash` front-matter
  field decides: the sha256 of the original's body when the translation was
  made (see `body_hash`); without it the state is "unknown";
- interface strings (gettext) of campaign.pot that the language's
  campaign.po lacks, or only has as fuzzy (a fuzzy string is shown in English).

Plain Python: no MkDocs imports.
"""
from __future__ import annotations

import hashlib
import os
import subprocess
import time
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from babel.messages.pofile import read_po

DOMAIN = "campaign"


def body_hash(body: str) -> str:
    """sha256 (hex) of a record body: line endings as \\n, surrounding blank space ignored."""
    text = body.replace("\r\n", "\n").replace("\r", "\n").strip()
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def file_body_hash(path) -> str:
    """The `source_hash` value for a translation of the record file at `path`."""
    from ..content.yamlsource import parse_markdown

    return body_hash(parse_markdown(Path(path).read_text("utf-8")).body)


# ------------------------------------------------------------------- git --

def _git(args, cwd) -> subprocess.CompletedProcess | None:
    try:
        return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, timeout=60,
                              env={**os.environ, "GIT_OPTIONAL_LOCKS": "0"})
    except (OSError, subprocess.SubprocessError):
        return None


class GitDates:
    """Last change time of files in a git checkout (commit time, or now when changed but not committed)."""

    def __init__(self, root: Path):
        self.root = Path(root)
        self.available, self.why = False, ""
        inside = _git(["rev-parse", "--is-inside-work-tree"], self.root)
        if inside is None:
            self.why = "git is not installed"
            return
        if inside.returncode != 0 or inside.stdout.strip() != "true":
            self.why = "not a git checkout"
            return
        shallow = _git(["rev-parse", "--is-shallow-repository"], self.root)
        if shallow is not None and shallow.stdout.strip() == "true":
            self.why = "a shallow clone has too little history (fetch the full history: fetch-depth: 0)"
            return
        top = _git(["rev-parse", "--show-toplevel"], self.root)
        self.top = Path(top.stdout.strip()) if top and top.returncode == 0 else self.root
        self.changed = set()
        status = _git(["status", "--porcelain", "-z", "--untracked-files=all"], self.root)
        if status is not None and status.returncode == 0:
            for entry in status.stdout.split("\0"):
                if len(entry) > 3:
                    self.changed.add((self.top / entry[3:]).resolve())
        self.available = True
        self._now = int(time.time())

    def first_commit(self, path) -> int | None:
        """Seconds since the epoch of the commit that added the file, None when git knows nothing of it."""
        # no --follow: a translation starts as a copy of its original, which git would take for a rename
        result = _git(["log", "--diff-filter=A", "--format=%ct", "--", str((self.root / path).resolve())], self.root)
        if result is None or result.returncode != 0 or not result.stdout.strip():
            return None
        return int(result.stdout.strip().splitlines()[-1])

    def last_change(self, path) -> int | None:
        """Seconds since the epoch of the file's last change, None when git knows nothing of it."""
        path = (self.root / path).resolve()
        if path in self.changed:
            return self._now
        result = _git(["log", "-1", "--format=%ct", "--", str(path)], self.root)
        if result is None or result.returncode != 0 or not result.stdout.strip():
            return None
        return int(result.stdout.strip().splitlines()[0])


def original_version(record, dates: GitDates | None):
    """The version the others are translations of: the one in `original_language` (written by `campaign new`
    and `campaign import`), else the file git saw first, else the first in site-language order. Never simply
    the default language: a story told in Russian is not a translation of its English version."""
    said = record.meta.get("original_language")
    if isinstance(said, str) and said in record.versions:
        return record.versions[said]
    if dates is not None and len(record.versions) > 1:
        first = {lang: dates.first_commit(v.path) for lang, v in record.versions.items()}
        known = {lang: t for lang, t in first.items() if t is not None}
        if known:
            return record.versions[min(known, key=lambda lang: (known[lang], list(record.versions).index(lang)))]
    return record.original


# --------------------------------------------------------------- strings --

def default_locales_dir() -> Path:
    return Path(str(resources.files("campaign.l10n") / "locales"))


def _msgid(message) -> str:
    return message.id[0] if isinstance(message.id, (tuple, list)) else message.id


def _translated(message) -> bool:
    strings = message.string if isinstance(message.string, (tuple, list)) else [message.string]
    return bool(strings) and all(s for s in strings)


def interface_strings(locales_dir, languages) -> dict:
    """lang -> {"missing": [...], "fuzzy": [...], "total": n} for the gettext catalogues."""
    locales_dir = Path(locales_dir)
    pot = locales_dir / f"{DOMAIN}.pot"
    with pot.open("rb") as handle:
        template = read_po(handle)
    ids = [_msgid(m) for m in template if m.id]
    out = {}
    for lang in languages:
        po = locales_dir / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
        catalog = None
        if po.is_file():
            with po.open("rb") as handle:
                catalog = read_po(handle, locale=lang)
        missing, fuzzy = [], []
        for message in template:
            if not message.id:
                continue
            found = catalog.get(message.id, message.context) if catalog is not None else None
            if found is None or not _translated(found):
                missing.append(_msgid(message))
            elif found.fuzzy:
                fuzzy.append(_msgid(message))
        out[lang] = {"catalog": po.relative_to(locales_dir).as_posix() if po.is_file() else None,
                     "missing": missing, "fuzzy": fuzzy, "total": len(ids)}
    return out


# --------------------------------------------------------------- records --

@dataclass
class Report:
    default_language: str
    languages: list  # every site language, default first
    method: str  # "git" or "source_hash"
    method_note: str = ""
    records: dict = field(default_factory=dict)  # lang -> {"missing": [...], "outdated": [...], "unknown": [...]}
    no_consent: list = field(default_factory=list)  # stories that must not be translated
    drafts: list = field(default_factory=list)  # not to translate yet: a draft may still hold personal data
    strings: dict = field(default_factory=dict)  # lang -> interface_strings entry

    def to_json(self) -> dict:
        totals = {"records_missing": 0, "records_outdated": 0, "records_unknown": 0,
                  "strings_missing": 0, "strings_fuzzy": 0}
        languages = {}
        for lang in self.languages:
            rec = self.records.get(lang, {"missing": [], "outdated": [], "unknown": []})
            strings = self.strings.get(lang)
            entry = {"records_missing": rec["missing"], "records_outdated": rec["outdated"],
                     "records_unknown": rec["unknown"]}
            if strings is not None:
                entry.update({"strings_missing": strings["missing"], "strings_fuzzy": strings["fuzzy"],
                              "strings_total": strings["total"], "catalog": strings["catalog"]})
            languages[lang] = entry
            totals["records_missing"] += len(rec["missing"])
            totals["records_outdated"] += len(rec["outdated"])
            totals["records_unknown"] += len(rec["unknown"])
            if strings is not None:
                totals["strings_missing"] += len(strings["missing"])
                totals["strings_fuzzy"] += len(strings["fuzzy"])
        return {"default_language": self.default_language, "method": self.method, "method_note": self.method_note,
                "languages": languages, "not_to_translate": self.no_consent, "drafts": self.drafts,
                "totals": totals}

    def table(self) -> str:
        how = {"git": "by the date of the last git commit of each file",
               "source_hash": "by the source_hash recorded in each translation"}[self.method]
        out = [f"Translations (older than the original: {how}" + (f"; {self.method_note}" if self.method_note else "") + ")", ""]
        rows = [("language", "records missing", "records outdated", "records unknown", "strings missing", "strings fuzzy")]
        for lang in self.languages:
            rec = self.records.get(lang, {"missing": [], "outdated": [], "unknown": []})
            strings = self.strings.get(lang)
            rows.append((lang + (" (default)" if lang == self.default_language else ""),
                         str(len(rec["missing"])), str(len(rec["outdated"])), str(len(rec["unknown"])),
                         "-" if strings is None else f"{len(strings['missing'])} of {strings['total']}",
                         "-" if strings is None else str(len(strings["fuzzy"]))))
        widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
        for i, row in enumerate(rows):
            out.append("  ".join(cell.ljust(widths[j]) for j, cell in enumerate(row)).rstrip())
            if i == 0:
                out.append("  ".join("-" * w for w in widths))
        for lang in self.languages:
            rec = self.records.get(lang, {"missing": [], "outdated": [], "unknown": []})
            strings = self.strings.get(lang) or {"missing": [], "fuzzy": []}
            if not any((rec["missing"], rec["outdated"], rec["unknown"], strings["missing"], strings["fuzzy"])):
                continue
            out += ["", f"[{lang}]"]
            for item in rec["missing"]:
                out.append(f"  missing    {item['would_be']}  ({item['status']}; translate {item['original']})")
            for item in rec["outdated"]:
                out.append(f"  outdated   {item['path']}  ({item['why']})")
            for item in rec["unknown"]:
                out.append(f"  unknown    {item['path']}  ({item['why_short']})")
            for msgid in strings["missing"]:
                out.append(f"  string     missing: {msgid!r}")
            for msgid in strings["fuzzy"]:
                out.append(f"  string     fuzzy (shown in English until checked): {msgid!r}")
        if any(self.records[lang]["unknown"] for lang in self.records) and self.method == "source_hash":
            out += ["", "unknown: the translation records no source_hash. Once a translation is checked against its "
                    "original, add the line 'source_hash: <hash>' to it, with the hash printed by "
                    "'campaign translations --hash <original file>'."]
        if any(strings["missing"] or strings["fuzzy"] for strings in self.strings.values()):
            out += ["", "Interface strings are translated in plugins/campaign/l10n/locales/<language>/LC_MESSAGES/campaign.po."]
        if self.no_consent:
            out += ["", "Not to be translated (the consent scope lacks 'translation'): "
                    + ", ".join(item["record"] for item in self.no_consent)]
        if self.drafts:
            out += ["", "Drafts, not to be translated yet (a draft may still hold details that must come out; "
                    "translate once it is in review): " + ", ".join(item["record"] for item in self.drafts)]
        return "\n".join(out)


def _stamp(seconds: int | None) -> str | None:
    if seconds is None:
        return None
    return time.strftime("%Y-%m-%d %H:%M", time.gmtime(seconds))


def translation_report(content, project_root=None, locales_dir=None, use_git=True) -> Report:
    """The report for loaded content (campaign.loader.Content)."""
    settings = content.settings
    languages = list(settings.languages)
    default = settings.default_language
    dates = GitDates(Path(project_root or Path(settings.content_dir).parent)) if use_git else None
    if dates is not None and dates.available:
        method, note = "git", ""
    else:
        method = "source_hash"
        note = ("git was not used: " + dates.why) if dates is not None else "git was not used (--no-git)"
    report = Report(default_language=default, languages=languages, method=method, method_note=note)
    for lang in languages:
        report.records[lang] = {"missing": [], "outdated": [], "unknown": []}

    for slug, record in sorted(content.records.items()):
        meta = record.meta
        if meta.get("status") == "withdrawn":
            continue
        if meta.get("status") == "draft":
            report.drafts.append({"record": slug, "type": record.type, "path": record.original.path})
            continue
        consent = meta.get("consent")
        if record.type == "story" and isinstance(consent, dict) and isinstance(consent.get("scope"), list) \
                and "translation" not in consent["scope"]:
            report.no_consent.append({"record": slug, "type": record.type, "path": record.original.path})
            continue
        original = original_version(record, dates if method == "git" else None)
        folder = Path(original.path).parent.as_posix()
        for lang in languages:
            if lang not in record.versions:
                suffix = "" if lang == default else f".{lang}"
                report.records[lang]["missing"].append({
                    "record": slug, "type": record.type, "status": meta.get("status"),
                    "original": original.path, "would_be": f"{folder}/{slug}{suffix}.md"})
        for lang, version in record.versions.items():
            if version is original:
                continue
            entry = {"record": slug, "type": record.type, "status": meta.get("status"),
                     "path": version.path, "original": original.path}
            if method == "git":
                mine, theirs = dates.last_change(version.path), dates.last_change(original.path)
                entry.update({"translation_changed": _stamp(mine), "original_changed": _stamp(theirs)})
                if mine is None or theirs is None:
                    entry["why"] = entry["why_short"] = "git has no history of " + (version.path if mine is None else original.path)
                    report.records[lang]["unknown"].append(entry)
                elif mine < theirs:
                    entry["why"] = f"translation last changed {_stamp(mine)}, the original {_stamp(theirs)}"
                    report.records[lang]["outdated"].append(entry)
            else:
                recorded = version.meta.get("source_hash")
                current = body_hash(original.body)
                entry.update({"source_hash": recorded, "original_hash": current})
                if not recorded:
                    entry["why_short"] = "no source_hash recorded"
                    entry["why"] = ("no source_hash recorded; add 'source_hash: <hash>' from "
                                    f"'campaign translations --hash {original.path}' once the translation is checked")
                    report.records[lang]["unknown"].append(entry)
                elif str(recorded) != current:
                    entry["why"] = "the original's text changed since source_hash was recorded"
                    report.records[lang]["outdated"].append(entry)
    report.strings = interface_strings(locales_dir or default_locales_dir(),
                                       [lang for lang in languages if lang != default])
    return report
