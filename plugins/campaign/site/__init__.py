"""Every page and file of the site, built from the published collection.

Aggregates, place, index and home pages, the record view, the report, open
data exports, feeds, alias redirects, maps, search and the HTML fragments.
May import `l10n`, `content` and `safety`; never `tools` or MkDocs.
"""
