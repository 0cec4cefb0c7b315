"""Women Against Violence publishing engine.

Layers, each a subpackage; data flows one way, content -> records -> published
collection -> pages and files, and an import only ever points down this list
(checked by import-linter, `[tool.importlinter]` in pyproject.toml):

- `tools/`: editors' and maintainers' commands (check, new, import, translations,
  offline copy, benchmark). They may read MkDocs' configuration file.
- `mkdocs_plugin`: the one adapter that wires MkDocs events to the layers below.
- `site/`: every page and file the site publishes, per language.
- `l10n/`: interface strings (gettext catalogues) and localised registry texts.
- `content/`: the content model: reading, schemas, registries, checks, the
  publication gate and the published collection.
- `safety/`: do-no-harm primitives: sanitising, personal data, images, CSP,
  small-count suppression.

Nothing below the adapter imports MkDocs, Material or mkdocs-static-i18n.
"""
