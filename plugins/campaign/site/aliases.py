"""Old slugs (`aliases`) and the URLs that must keep working.

Partners cite record URLs in letters and UN submissions. When a record's slug
changes, each old slug listed in `aliases` becomes a small redirect page in
every language the record exists in; `missing_urls` compares the records of a
previous build (its data/records.json) with the current content and lists the
published URLs that would silently disappear.
"""
from __future__ import annotations

import html
import json

from ..content.recordtypes import FOLDERS
from .urls import localized, relative


def redirects(records, lang: str, default: str) -> list[tuple[str, str]]:
    """(old site path, new site path) for every alias of the given records in `lang`."""
    out = []
    for record in records:
        if lang not in record.versions:
            continue
        for alias in record.meta.get("aliases") or []:
            out.append((localized(f"{FOLDERS[record.type]}/{alias}/", lang, default), record.url(lang, default)))
    return out


def redirect_page(old_path: str, new_path: str, lang: str) -> str:
    """A page that sends readers (and search engines) on to the new address, without JavaScript."""
    target = html.escape(relative(new_path, old_path), quote=True)
    return (
        "<!doctype html>\n"
        f'<html lang="{html.escape(lang)}">\n<head>\n<meta charset="utf-8">\n'
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'\">\n"
        '<meta name="referrer" content="no-referrer">\n<meta name="robots" content="noindex">\n'
        f'<meta http-equiv="refresh" content="0; url={target}">\n'
        f'<link rel="canonical" href="{target}">\n<title>{target}</title>\n</head>\n'
        f'<body><p><a href="{target}">{target}</a></p></body>\n</html>\n'
    )


def missing_urls(previous_records_json: str, content) -> list[str]:
    """Record URLs of a previous build that the current content no longer serves.

    A URL is kept when a record (published or withdrawn, which leaves a tombstone) still has
    that slug, or lists it in `aliases`, in the same language.
    """
    previous = json.loads(previous_records_json)
    default = content.settings.default_language
    served = set()
    for record in content.records.values():
        if content.state(record) == "hidden":
            continue
        for lang in record.versions:
            served.add(record.url(lang, default))
            for alias in record.meta.get("aliases") or []:
                served.add(localized(f"{FOLDERS[record.type]}/{alias}/", lang, default))
    missing = []
    for item in previous.get("records", []):
        for lang in item.get("languages", []):
            path = localized(f"{FOLDERS[item['type']]}/{item['slug']}/", lang, default)
            if path not in served:
                missing.append(path)
    return sorted(missing)
