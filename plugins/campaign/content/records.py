"""Records: one story, solution, success story, commitment, ally, event, statement or document in its languages.

A record is identified by its slug (the file name without language suffix);
each language file is a Version. Non-text front matter must be identical
across versions, so the record's facts are read from its first version.
"""
from __future__ import annotations

import copy
from dataclasses import dataclass, field

from .recordtypes import FOLDERS
from .yamlsource import Document

# Fields (and sub-fields of list items) that are text and may differ between
# translations (SPEC 3: everything else must be identical).
TRANSLATABLE = {"title", "summary", "made_by", "source_hash", "pull_quote", "role", "speaker", "speaker_role"}
TRANSLATABLE_ITEMS = {"images": {"alt"}, "evidence": {"title"}, "updates": {"note"},
                      "recognised": {"role", "institution", "reason"}}


@dataclass
class Version:
    lang: str
    path: str  # relative path shown in messages
    doc: Document
    source: str = ""  # path in content/, e.g. stories/x.ru.md

    @property
    def meta(self) -> dict:
        return self.doc.data

    @property
    def body(self) -> str:
        return self.doc.body


@dataclass
class Record:
    type: str
    slug: str
    versions: dict = field(default_factory=dict)  # lang -> Version, in site language order

    @property
    def original(self) -> Version:
        return next(iter(self.versions.values()))

    @property
    def meta(self) -> dict:
        return self.original.meta

    @property
    def status(self) -> str | None:
        return self.meta.get("status")

    @property
    def languages(self) -> list[str]:
        return list(self.versions)

    @property
    def folder(self) -> str:
        return FOLDERS[self.type]

    def version_for(self, lang: str) -> Version:
        """The version in `lang`, or the original when it does not exist there."""
        return self.versions.get(lang) or self.original

    def url(self, lang: str, default_language: str) -> str:
        """Site path (no leading slash) of the record in `lang`."""
        prefix = "" if lang == default_language else f"{lang}/"
        return f"{prefix}{self.folder}/{self.slug}/"


def neutral(meta: dict) -> dict:
    """The front matter without its translatable text: must match across versions."""
    out = copy.deepcopy({k: v for k, v in meta.items() if k not in TRANSLATABLE})
    for key, drop in TRANSLATABLE_ITEMS.items():
        items = out.get(key)
        if isinstance(items, dict):  # an ally's recognised: {date, reason}
            out[key] = {k: v for k, v in items.items() if k not in drop}
        elif isinstance(items, list):
            out[key] = [{k: v for k, v in item.items() if k not in drop} if isinstance(item, dict) else item
                        for item in items]
    return out
