"""What a record body or fixed page points at, and whether it may.

`references` finds, in one pass over the Markdown source, every address it
links to or embeds: Markdown links and images (inline and by reference) and
the addresses of raw HTML (`href`, `src`, `srcset`, ...). `resolve` says what a
local address names inside content/, or why it may not be followed: an
absolute path or one that climbs out of content/ with `..` could publish a
file from anywhere on the machine. Remote images and other embedded resources
are refused by the check: the reader's browser would contact another host.
"""
from __future__ import annotations

import bisect
import posixpath
import re
from dataclasses import dataclass
from urllib.parse import unquote

from ..safety.sanitize import FETCHING, is_remote, tags

BRACKETS = re.compile(r"\\[\[\]]|!\[|\[|\]")
# bounded: a run of "](](](" must not make each match scan to the end of the text
TARGET = re.compile(r"[ \t]*<?([^\s)>]{0,2048})")
LABEL = re.compile(r"\[([^\]\n]{0,300})\]")
DEFINITION = re.compile(r"^[ ]{0,3}\[([^\]\n]{1,300})\]:[ \t]*<?([^\s>]{0,2048})", re.M)
LINKING = {"href"}


@dataclass(frozen=True)
class Reference:
    line: int  # 1-based line in the text
    target: str  # the address as written
    embedded: bool  # fetched when the page is shown (an image, a frame, a media file), not followed by a click


def references(text: str) -> list[Reference]:
    newlines = [m.start() for m in re.finditer("\n", text)]

    def _line_of(_text, offset):  # by bisection: a text with many links stays linear-ish
        return bisect.bisect_left(newlines, offset) + 1

    found = []
    stack = []  # (is image, start offset of the text inside the brackets)
    image_labels = []  # (line, label) of images written by reference
    for match in BRACKETS.finditer(text):
        token = match.group()
        if token.startswith("\\"):
            continue
        if token in ("![", "["):
            stack.append((token == "![", match.end()))
            continue
        image, start = stack.pop() if stack else (False, match.start())
        after = text[match.end():match.end() + 1]
        if after == "(":
            target = TARGET.match(text, match.end() + 1).group(1)
            found.append(Reference(_line_of(text, match.start()), target, image))
        elif image:
            label = LABEL.match(text, match.end())
            name = label.group(1) if label and label.group(1) else text[start:match.start()]
            image_labels.append((_line_of(text, match.start()), name.strip().lower()))
    definitions = {}
    for match in DEFINITION.finditer(text):
        definitions.setdefault(match.group(1).strip().lower(), match.group(2))
        found.append(Reference(_line_of(text, match.start()), match.group(2), False))
    for line, label in image_labels:
        if label in definitions:
            found.append(Reference(line, definitions[label], True))
    for tag in tags(text):
        for name, value in tag.attributes:
            if name == "srcset":
                found += [Reference(tag.line, part.strip().split()[0], True)
                          for part in value.split(",") if part.strip()]
            elif name in FETCHING or (name in LINKING and tag.name in ("link", "use", "image")):
                found.append(Reference(tag.line, value.strip(), True))
            elif name in LINKING:
                found.append(Reference(tag.line, value.strip(), False))
    return sorted(found, key=lambda r: r.line)


def resolve(source: str, target: str) -> tuple[str | None, str | None]:
    """(path inside content/ that `target` names, or None; why it may not be followed, or None).

    `source` is the path of the page inside content/ (e.g. stories/x.md). Remote
    addresses, in-page anchors and mail links name no file."""
    if not target or target.startswith(("#", "?")) or is_remote(target):
        return None, None
    path = unquote(target.split("#", 1)[0].split("?", 1)[0]).replace("\\", "/")
    if not path:
        return None, None
    if path.startswith("/"):
        return None, "is an absolute path: the site can only publish files inside content/"
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(source), path))
    if joined == ".." or joined.startswith("../"):
        return None, "points outside content/: the site can only publish files inside content/"
    return joined, None
