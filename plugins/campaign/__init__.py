"""Women Against Violence publishing engine.

The core (loading, validation, the publication gate, the published collection,
fragments) is plain Python and knows nothing of MkDocs; `mkdocs_plugin` is the
thin adapter that wires MkDocs events to it, and `cli` the editors' console
command.
"""

RECORD_TYPES = ("story", "solution", "success", "commitment")

# folder under content/ and URL segment of each record type (SPEC 3.1)
FOLDERS = {
    "story": "stories",
    "solution": "solutions",
    "success": "successes",
    "commitment": "commitments",
}
