"""The record types of the content model, and the folder (and URL segment) of each."""


# the advocacy record (SPEC 3.8-3.11): the network of allies, its events, what was said, what was written
RECORD_TYPES = ("story", "solution", "success", "commitment", "ally", "event", "statement", "document")

# folder under content/ and URL segment of each record type (SPEC 3.1)
FOLDERS = {
    "story": "stories",
    "solution": "solutions",
    "success": "successes",
    "commitment": "commitments",
    "ally": "allies",
    "event": "events",
    "statement": "statements",
    "document": "documents",
}
