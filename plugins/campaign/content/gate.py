"""The publication gate (SPEC 5.1): what a record may leave behind in the output.

PUBLIC      the record is published with complete consent and review: it gets pages,
            and may appear in indexes, search, feeds, exports and counts.
TOMBSTONE   withdrawn, or published with expired consent: only a neutral page at
            its URL saying it was withdrawn; no title, text or facts anywhere.
HIDDEN      draft, review, or anything unclear: no output of any kind.

Validity is decided by the loader: an invalid published record stops the build
before the gate is asked, so the gate only sees sound records.
"""
from __future__ import annotations

import datetime as dt

PUBLIC = "public"
TOMBSTONE = "tombstone"
HIDDEN = "hidden"


def decide(meta: dict, today: dt.date) -> str:
    status = meta.get("status")
    if status == "withdrawn":
        return TOMBSTONE
    if status != "published":
        return HIDDEN
    expires = (meta.get("consent") or {}).get("expires")
    if expires:
        try:
            if dt.date.fromisoformat(str(expires)) < today:
                return TOMBSTONE
        except ValueError:
            return HIDDEN  # unreadable date: fail closed (the validator reports it)
    return PUBLIC
