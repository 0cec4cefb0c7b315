"""`campaign translations --strict`: what a configured language lacks before it can be published.

SPEC 4.7: the interface, the fixed pages and the registry texts exist in every
configured language; only records may be missing in a language. This module
lists every such gap, each naming the file (and line) to change and the string
or field that is missing:

- interface strings: a msgid of campaign.pot without a translation (or only a
  fuzzy one, which is shown in English) in a language's campaign.po;
- strings in the sources (templates, Python) that campaign.pot does not hold,
  so no language can translate them (found with the extraction settings of
  locales/babel.cfg, as `pybabel extract` would);
- fixed pages: a Markdown page outside the record folders (about, help,
  safety, home...) without its `<name>.<lang>.md` file;
- registry texts: a per-language text in content/_data/*.yml (names, country
  help, term labels and descriptions, organisation contacts) without the
  language (a country name may come from CLDR instead);
- menu labels and site names: a title given in mkdocs.yml's nav without an
  entry in that language's `nav_translations`, or a language without its own
  `site_name`.

Records are not gaps: they are translated as editors can (`translations`
reports them). Plain Python: no MkDocs imports.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from ..content.problems import shown_path
from ..content.recordtypes import FOLDERS
from ..content.registries import DATA_DIR, REGISTRY_FILES
from ..content.yamlsource import YamlError, parse_yaml
from .translations import DOMAIN, interface_strings

# the keywords campaign.pot is extracted with (see the first line of locales/babel.cfg)
KEYWORDS = {**DEFAULT_KEYWORDS, "wav_t": None, "N_": None}
LANG_KEY = re.compile(r"^[a-z]{2,3}([_-][A-Za-z]+)?$")


@dataclass(frozen=True)
class Gap:
    lang: str  # the language that lacks it ("" when every language does)
    kind: str  # "interface string", "catalogue entry", "fixed page", "registry text", "menu label", "site name", "site description"
    where: str  # file, with ":line" when known
    what: str  # the string, page or field
    fix: str

    def format(self) -> str:
        return f"{self.where}: {self.kind} missing{f' in {self.lang}' if self.lang else ''}: {self.what}\n" \
               f"    how to fix: {self.fix}"

    def to_json(self) -> dict:
        return {"lang": self.lang, "kind": self.kind, "where": self.where, "what": self.what, "fix": self.fix}


def language_name(lang: str) -> str:
    """'uk' -> 'Ukrainian (uk)', for messages in plain words."""
    try:
        return f"{Locale.parse(lang).get_display_name('en')} ({lang})"
    except (ValueError, UnknownLocaleError):
        return lang


# ------------------------------------------------------------- interface --

def catalogue_gaps(locales_dir, languages, rel_root=None) -> list[Gap]:
    """Untranslated or fuzzy msgids of campaign.pot in each language's campaign.po."""
    locales_dir = Path(locales_dir)
    gaps = []
    for lang, found in interface_strings(locales_dir, languages).items():
        po = locales_dir / lang / "LC_MESSAGES" / f"{DOMAIN}.po"
        where = shown_path(po, rel_root)
        for msgid in found["missing"]:
            gaps.append(Gap(lang, "interface string", where, repr(msgid),
                            f"add its {language_name(lang)} translation as the msgstr of this msgid"
                            + ("" if po.is_file() else f" (create {where} from {DOMAIN}.pot)")))
        for msgid in found["fuzzy"]:
            gaps.append(Gap(lang, "interface string", where, repr(msgid) + " (marked fuzzy: shown in English)",
                            "check the translation, then delete the '#, fuzzy' line above it"))
    return gaps


def _msgid_key(message_id):
    return tuple(message_id) if isinstance(message_id, (tuple, list)) else message_id


def source_gaps(project_root, locales_dir, rel_root=None) -> list[Gap]:
    """Strings marked for translation in the sources under `project_root` that campaign.pot lacks.

    The source folders are those of locales/babel.cfg (plugins/, overrides/): in a site that
    only installs the engine, its own overrides are still checked."""
    locales_dir = Path(locales_dir)
    with (locales_dir / "babel.cfg").open(encoding="utf-8") as handle:
        method_map, options_map = parse_mapping_cfg(handle, str(locales_dir / "babel.cfg"))
    with (locales_dir / f"{DOMAIN}.pot").open("rb") as handle:
        known = {_msgid_key(m.id) for m in read_po(handle) if m.id}
    gaps, seen = [], set()
    root = Path(project_root)
    for filename, lineno, message, _comments, _context in extract_from_dir(
            str(root), method_map, options_map, keywords=KEYWORDS, strip_comment_tags=True):
        key = _msgid_key(message)
        if isinstance(key, tuple):
            if not key or not all(key):  # a call with a variable, e.g. _(meaning): nothing literal to translate
                continue
            key = key[:2] if len(key) > 1 else key[0]
        if not key or key in known or (filename, key) in seen:
            continue
        seen.add((filename, key))
        shown = shown_path(root / filename, rel_root)
        gaps.append(Gap("", "catalogue entry", f"{shown}:{lineno}", repr(key),
                        f"add it to {shown_path(locales_dir / (DOMAIN + '.pot'), rel_root)} and translate it in "
                        "every language's campaign.po (new entries at the end of the files)"))
    return gaps


# ----------------------------------------------------------- fixed pages --

def fixed_page_gaps(docs_dir, languages, default, rel_root=None) -> list[Gap]:
    """Markdown pages outside the record folders and _data/ that lack a language's file."""
    docs_dir = Path(docs_dir)
    skip = set(FOLDERS.values()) | {DATA_DIR}
    pages: dict[Path, set] = {}
    for path in sorted(docs_dir.rglob("*.md")):
        parts = path.relative_to(docs_dir).parts
        if parts[0] in skip or any(part.startswith((".", "_")) for part in parts):
            continue
        stem = path.name[:-3]
        base, _, suffix = stem.rpartition(".")
        if base and suffix in languages:
            pages.setdefault(path.with_name(base), set()).add(suffix)
        else:
            pages.setdefault(path.with_name(stem), set()).add(default)
    gaps = []
    for base, present in sorted(pages.items()):
        original = base.with_name(base.name + ("" if default in present else f".{sorted(present)[0]}") + ".md")
        for lang in languages:
            if lang in present:
                continue
            name = base.name + ("" if lang == default else f".{lang}") + ".md"
            gaps.append(Gap(lang, "fixed page", shown_path(base.with_name(name), rel_root),
                            f"the page {shown_path(original, rel_root)} has no {language_name(lang)} version",
                            f"translate {shown_path(original, rel_root)} into {shown_path(base.with_name(name), rel_root)} "
                            "(title, description and text)"))
    return gaps


# -------------------------------------------------------------- registries --

def _label(data, path) -> str:
    """countries.kz.help for ("countries", 2, "help"): items named by their slug or code."""
    shown, node = [], data
    for key in path:
        if isinstance(key, int) and isinstance(node, list):
            item = node[key]
            name = item.get("slug") or item.get("code") if isinstance(item, dict) else None
            shown.append(str(name) if name else str(key))
        else:
            shown.append(str(key))
        node = node[key]
    return ".".join(shown)


def _language_maps(node, path=()):
    """(path, mapping) of every per-language text: a mapping whose keys are all language codes."""
    if isinstance(node, dict):
        if node and all(isinstance(k, str) and LANG_KEY.match(k) for k in node) \
                and all(isinstance(v, str) or v is None for v in node.values()):
            yield path, node
            return
        for key, value in node.items():
            yield from _language_maps(value, path + (key,))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _language_maps(value, path + (index,))


def _cldr_country(data, path, lang) -> bool:
    """A country's name that Babel's CLDR data has in `lang` (the site shows that one)."""
    if len(path) != 3 or path[0] != "countries" or path[2] != "name":
        return False
    code = str(data["countries"][path[1]].get("code", "")).upper()
    try:
        return bool(code) and code in Locale.parse(lang).territories
    except (ValueError, UnknownLocaleError):
        return False


def registry_gaps(docs_dir, languages, default, rel_root=None) -> list[Gap]:
    """Per-language registry texts (content/_data/*.yml) that lack a language."""
    gaps = []
    for fname in REGISTRY_FILES.values():
        path = Path(docs_dir) / DATA_DIR / fname
        if not path.is_file():
            continue  # `campaign check` reports a missing registry
        try:
            doc = parse_yaml(path.read_text("utf-8"))
        except (YamlError, UnicodeDecodeError):
            continue  # `campaign check` reports it, with the line
        where = shown_path(path, rel_root)
        for field_path, texts in _language_maps(doc.data):
            if not texts.get(default):
                continue  # not a text of the site (or `campaign check` reports the missing default)
            for lang in languages:
                if texts.get(lang) or _cldr_country(doc.data, field_path, lang):
                    continue
                label = _label(doc.data, field_path)
                gaps.append(Gap(lang, "registry text", f"{where}:{doc.line_of(field_path)}",
                                f"{label} has no {language_name(lang)} text",
                                f"add '{lang}: ...' under {label}, translating the '{default}' text"))
    return gaps


# -------------------------------------------------------------- menu labels --

def _nav_titles(nav) -> list[str]:
    titles = []
    for item in nav or []:
        if isinstance(item, dict):
            for title, value in item.items():
                titles.append(str(title))
                if isinstance(value, list):
                    titles += _nav_titles(value)
    return titles


def menu_gaps(config_path, nav, languages: dict, default: str) -> list[Gap]:
    """Titles of mkdocs.yml's nav without a translation, and languages without a site_name.

    `languages`: lang -> {"nav_translations": {...}, "site_name": ..., "site_description": ..., "nav": ...}
    (mkdocs-static-i18n's per-language options; the default language's are the site's own)."""
    gaps = []
    titles = _nav_titles(nav)
    for lang, options in languages.items():
        if lang == default:
            continue
        for option in ("site_name", "site_description"):
            if languages.get(default, {}).get(option) and not options.get(option):
                gaps.append(Gap(lang, option.replace("_", " "), str(config_path), f"no {option} of its own",
                                f"add '{option}: ...' to the '{lang}' language of the i18n plugin"))
        if options.get("nav"):
            continue  # a language with its own nav names its entries itself
        translations = options.get("nav_translations") or {}
        for title in titles:
            if not translations.get(title):
                gaps.append(Gap(lang, "menu label", str(config_path), repr(title),
                                f"add '{title}: ...' to nav_translations of the '{lang}' language of the i18n plugin"))
    return gaps


def all_gaps(*, docs_dir, languages, default, locales_dir, project_root=None, rel_root=None,
             nav=None, language_options=None, config_path="mkdocs.yml") -> list[Gap]:
    """Every gap of every configured language, sources and menu included."""
    others = [lang for lang in languages if lang != default]
    gaps = catalogue_gaps(locales_dir, others, rel_root)
    if project_root is not None:
        gaps += source_gaps(project_root, locales_dir, rel_root)
    gaps += fixed_page_gaps(docs_dir, languages, default, rel_root)
    gaps += registry_gaps(docs_dir, languages, default, rel_root)
    if language_options:
        gaps += menu_gaps(config_path, nav, language_options, default)
    return gaps
