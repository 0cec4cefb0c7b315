"""Languages: gettext catalogues (`locales/`) and the per-language localiser.

Reads the PO files with Babel and resolves registry texts with fallback. May
import `safety` and `content`'s plain data; never `site`, `tools` or MkDocs.
"""
