"""The site: every page and file the engine publishes, in every language.

Aggregates, city, country and index pages, record views, home, report, open
data, feeds, aliases, maps, search index and the fragments rendered with the
templates in `overrides/campaign/`. Reads the published collection only (never
unpublished records); may import `content`, `l10n` and `safety`; never `tools`
or MkDocs.
"""
