"""The published collection: what passed the gate, with links resolved both ways.

Everything that reaches readers (pages, lists, counts, exports) is built from
this collection and never from the raw content, so the gate is applied once.
"""
from __future__ import annotations

from .gate import HIDDEN, PUBLIC, TOMBSTONE
from .loader import Content

LINK_FIELDS = ("related", "event", "events", "documents")  # fields naming other records by slug


def links_of(meta: dict) -> list:
    found = []
    for name in LINK_FIELDS:
        value = meta.get(name)
        for slug in value if isinstance(value, list) else [value] if isinstance(value, str) else []:
            if slug not in found:
                found.append(slug)
    return found


class Published:
    def __init__(self, content: Content):
        self.content = content
        self.settings = content.settings
        self.registries = content.registries
        states = {slug: content.state(r) for slug, r in content.records.items()}
        self.records = {s: r for s, r in content.records.items() if states[s] == PUBLIC}
        self.tombstones = {s: r for s, r in content.records.items() if states[s] == TOMBSTONE}
        self.hidden = {s: r for s, r in content.records.items() if states[s] == HIDDEN}
        self._related = {slug: [] for slug in self.records}
        # `related` is shown both ways, and so are the links of the advocacy record (a statement's
        # event, the events and documents of a commitment); links to records that are not public
        # are dropped silently
        for slug, record in self.records.items():
            for other in links_of(record.meta):
                if other in self.records and other != slug:
                    if other not in self._related[slug]:
                        self._related[slug].append(other)
                    if slug not in self._related[other]:
                        self._related[other].append(slug)

    def memo(self, key, compute):
        """`compute()` once per build for `key`: the collection never changes after the gate,
        and many pages share one count or sort (every page of an index, every city of a country)."""
        cache = self.__dict__.setdefault("_memo", {})
        if key not in cache:
            cache[key] = compute()
        return cache[key]

    def related(self, slug: str) -> list:
        return [self.records[s] for s in self._related.get(slug, [])]

    def get(self, slug: str):
        return self.records.get(slug)

    def of_type(self, rtype: str) -> list:
        return [r for r in self.records.values() if r.type == rtype]
