"""The record types of the content model, and the folder (and URL segment) of each."""


RECORD_TYPES = ("story", "solution", "success", "commitment")

# folder under content/ and URL segment of each record type (SPEC 3.1)
FOLDERS = {
    "story": "stories",
    "solution": "solutions",
    "success": "successes",
    "commitment": "commitments",
}
