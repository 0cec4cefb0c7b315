"""YAML reading that keeps line numbers and leaves dates as text.

Front matter and registries are read with a loader that does not turn
`2015-03` or `2015-03-01` into date objects: the validator checks date text
itself, so an editor's `2015-02-30` is reported instead of crashing, and the
values compare equal across translations exactly as written.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import frontmatter
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
    def __init__(self, line: int, message: str, hint: str = ""):
        super().__init__(message)
        self.line = line
        self.message = message
        self.hint = hint  # what to type instead, in plain words (content.yamlmessages)


@dataclass
class Document:
    """A parsed YAML mapping with the line of every key path."""

    data: object
    lines: dict[tuple, int] = field(default_factory=dict)
    body: str = ""
    body_line: int = 1

    def line_of(self, path) -> int:
        """Line of the deepest known ancestor of a key path (tuple of keys/indexes)."""
        path = tuple(path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get((), 1)


def _line_map(node, offset: int, prefix=(), out=None) -> dict:
    out = {} if out is None else out
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value
            out[prefix + (key,)] = key_node.start_mark.line + 1 + offset
            _line_map(value_node, offset, prefix + (key,), out)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            out[prefix + (index,)] = item.start_mark.line + 1 + offset
            _line_map(item, offset, prefix + (index,), out)
    return out


def parse_yaml(text: str, offset: int = 0) -> Document:
    """Parse YAML text; `offset` is the number of file lines before it."""
    loader = _TextDateLoader(text)
    try:
        # one parse: the node tree gives the lines, the same tree gives the data
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        raise YamlError(*explain(exc, text, offset)) from None
    except yaml.YAMLError as exc:  # pragma: no cover - other YAML errors carry no mark
        raise YamlError(offset + 1, str(exc)) from None
    finally:
        loader.dispose()
    lines = _line_map(node, offset) if node is not None else {}
    lines[()] = offset + 1
    return Document(data=data, lines=lines)


def parse_markdown(text: str) -> Document:
    """Split a Markdown file into front matter (with lines) and body."""
    if not text.startswith("---"):
        raise YamlError(1, "the file does not start with a front matter block ('---' on the first line)")
    try:
        fm_text, body = frontmatter.YAMLHandler().split(text)
    except ValueError:
        raise YamlError(1, "the front matter block is not closed by a second '---' line") from None
    # fm_text keeps the newline after the opening '---', so its line 1 is file line 2
    doc = parse_yaml(fm_text, offset=0)
    if doc.data is None:
        doc.data = {}
    if not isinstance(doc.data, dict):
        raise YamlError(2, "the front matter must be a list of 'field: value' lines")
    doc.body = body[1:] if body.startswith("\n") else body
    doc.body_line = fm_text.count("\n") + 2
    return doc
