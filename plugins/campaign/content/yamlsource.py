"""YAML reading that keeps line numbers and leaves dates as text.

Front matter and registries are read with a loader that does not turn
`2015-03` or `2015-03-01` into date objects: the validator checks date text
itself, so an editor's `2015-02-30` is reported instead of crashing, and the
values compare equal across translations exactly as written.

Reading fails closed, with the line named: aliases and anchors (a few lines of
them expand to gigabytes), nesting deeper than editors ever write, a key given
twice (YAML lets the last one win silently: a draft could become published),
keys that are not text and invisible control characters in values are refused.
A UTF-8 byte-order mark at the start is accepted.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import yaml

from .yamlmessages import explain


# libyaml's loader when PyYAML has it (about ten times faster on thousands of records)
class _TextDateLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    pass


# Drop the timestamp resolver: dates stay strings.
_TextDateLoader.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class YamlError(Exception):
    def __init__(self, line: int, message: str, field: str = "-", hint: str = ""):
        super().__init__(message)
        self.line = line
        self.message = message
        self.field = field  # dotted field path when one is meant
        self.hint = hint  # what to type instead, in plain words (content.yamlmessages)


@dataclass
class Document:
    """A parsed YAML mapping with the line of every key path."""

    data: object
    lines: dict[tuple, int] = field(default_factory=dict)
    body: str = ""
    body_line: int = 1
    front: str = ""  # the front matter's own text, comments included (content.imported reads them)

    def line_of(self, path) -> int:
        """Line of the deepest known ancestor of a key path (tuple of keys/indexes)."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), 1)


MAX_DEPTH = 20  # editors' data is a few levels deep; deeper is a mistake or an attack
STR_TAG = "tag:yaml.org,2002:str"
# C0 controls (but tab, line feed, carriage return), DEL and C1 controls: invisible, they
# come from pasting, and XML (the feeds) cannot carry most of them
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _screen(text: str, offset: int) -> None:
    """Refuse aliases, anchors and deep nesting from the event stream, before anything expands."""
    depth = 0
    loader = _TextDateLoader(text)
    try:
        while loader.check_event():
            event = loader.get_event()
            line = event.start_mark.line + 1 + offset
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise YamlError(line, "anchors and aliases ('&name', '*name') are not accepted here: "
                                      "write the value out in full")
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    raise YamlError(line, f"the data is nested more than {MAX_DEPTH} levels deep")
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    finally:
        loader.dispose()


def _line_map(node, offset: int, prefix=(), out=None) -> dict:
    """Line of every key path; refuses duplicate keys, keys that are not text, control characters."""
    out = {} if out is None else out
    if isinstance(node, yaml.MappingNode):
        seen = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1 + offset
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != STR_TAG:
                shown = key_node.value if isinstance(key_node, yaml.ScalarNode) else "..."
                raise YamlError(line, f"the field name '{shown}' must be a word: put it in quotes or rename it")
            key = key_node.value
            if key in seen:
                raise YamlError(line, f"the field '{key}' is given twice (lines {seen[key]} and {line}); "
                                      "keep only one of them", ".".join(str(p) for p in prefix + (key,)))
            seen[key] = line
            out[prefix + (key,)] = line
            _line_map(value_node, offset, prefix + (key,), out)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            out[prefix + (index,)] = item.start_mark.line + 1 + offset
            _line_map(item, offset, prefix + (index,), out)
    elif isinstance(node, yaml.ScalarNode) and CONTROL.search(node.value):
        char = CONTROL.search(node.value).group(0)
        field_name = ".".join(str(p) for p in prefix) or "-"
        raise YamlError(node.start_mark.line + 1 + offset,
                        f"the text contains an invisible control character (U+{ord(char):04X}), "
                        "probably from copying and pasting: retype the text", field_name)
    return out


def parse_yaml(text: str, offset: int = 0) -> Document:
    """Parse YAML text; `offset` is the number of file lines before it."""
    text = text.removeprefix("\ufeff")
    pasted = CONTROL.search(text)
    if pasted:  # before YAML reads it: some of them (U+0085) are line breaks to YAML
        start = text.rfind("\n", 0, pasted.start()) + 1
        key = re.match(r"\s*([\w-]+)\s*:", text[start:pasted.start()])
        raise YamlError(text.count("\n", 0, pasted.start()) + 1 + offset,
                        f"the text contains an invisible control character (U+{ord(pasted.group()):04X}), "
                        "probably from copying and pasting: retype the text", key.group(1) if key else "-")
    loader = _TextDateLoader(text)
    try:
        _screen(text, offset)
        # one parse: the node tree gives the lines, the same tree gives the data
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        if "nesting depth" in (exc.problem or ""):  # PyYAML 6.0.4 and later refuse deep nesting themselves
            raise YamlError((mark.line + 1 + offset) if mark else offset + 1,
                            f"the data is nested more than {MAX_DEPTH} levels deep") from None
        line, message, hint = explain(exc, text, offset)
        raise YamlError(line, message, hint=hint) from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not accept, e.g. a pasted control character
        line = text.count("\n", 0, max(exc.position, 0)) + 1 + offset
        raise YamlError(line, f"an invisible control character (U+{exc.character:04X}) is in the text, probably "
                              "from copying and pasting: retype the text") from None
    except yaml.YAMLError as exc:  # pragma: no cover - other YAML errors carry a mark
        raise YamlError(offset + 1, str(exc).splitlines()[0]) from None
    except (RecursionError, MemoryError):  # pragma: no cover - _screen refuses what could cause them
        raise YamlError(offset + 1, "the data is too large or too deeply nested") from None
    finally:
        loader.dispose()
    lines = _line_map(node, offset) if node is not None else {}
    lines[()] = offset + 1
    return Document(data=data, lines=lines)


FENCE = re.compile(r"^---[ \t]*\r?$", re.M)


def parse_markdown(text: str) -> Document:
    """Split a Markdown file into front matter (with lines) and body.

    The body is exactly the text after the closing '---' line (blank lines kept), so
    that its line numbers in messages are the file's and the staged page renders
    exactly the text that was checked."""
    text = text.removeprefix("\ufeff")
    opening = FENCE.match(text)
    if not opening:
        raise YamlError(1, "the file does not start with a front matter block ('---' on the first line)")
    closing = FENCE.search(text, opening.end())
    if not closing:
        raise YamlError(1, "the front matter block is not closed by a second '---' line")
    fm_text = text[opening.end():closing.start()]  # starts with the newline after the opening '---'
    # so its line 1 is the opening line: offset 0 gives file lines
    doc = parse_yaml(fm_text, offset=0)
    if doc.data is None:
        doc.data = {}
    if not isinstance(doc.data, dict):
        raise YamlError(2, "the front matter must be a list of 'field: value' lines")
    doc.front = fm_text
    rest = text[closing.end():]
    doc.body = rest[1:] if rest.startswith("\n") else rest
    doc.body_line = text.count("\n", 0, closing.end()) + 2
    return doc
