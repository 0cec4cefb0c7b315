"""The content model and the publication gate.

Reads `content/` (YAML front matter and registries), validates every record
against its JSON Schema and the do-no-harm checks, decides what each record's
status allows (publish, tombstone, hide) and holds the published collection that
every later layer reads. May import `safety`; never `site`, `l10n`, `tools` or
MkDocs.
"""
