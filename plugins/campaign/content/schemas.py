"""The JSON Schemas of the content model and their plain-words error messages.

The schemas are data files in `schemas/`, published with the site so that
editors' tools can autocomplete front matter; this module validates against
them and turns each jsonschema error into a Problem an editor can act on.
"""
from __future__ import annotations

import difflib
import json
import re
from functools import cache
from importlib import resources

import jsonschema_rs
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource

SCHEMA_NAMES = ("common", "story", "solution", "success", "commitment", "ally", "event", "statement", "document",
                "places", "organizations", "taxonomies", "reviewers", "campaign")


def schema_files() -> dict[str, str]:
    """File name -> JSON text of every schema (for publishing)."""
    folder = resources.files("campaign.content") / "schemas"
    return {f"{name}.schema.json": (folder / f"{name}.schema.json").read_text("utf-8")
            for name in SCHEMA_NAMES}


@cache
def _registry() -> Registry:
    return Registry().with_resources(
        (fname, Resource.from_contents(json.loads(text)))
        for fname, text in schema_files().items()
    )


@cache
def validator(name: str) -> Draft202012Validator:
    schema = json.loads(schema_files()[f"{name}.schema.json"])
    return Draft202012Validator(schema, registry=_registry(), format_checker=FormatChecker())


@cache
def fast_validator(name: str):
    """The same schema compiled by jsonschema-rs: about a hundred times faster, but its errors
    are terse. It only answers "valid?"; jsonschema explains a document that is not
    (tests/test_loader.py checks that both always agree)."""
    registry = jsonschema_rs.Registry([(fname, json.loads(text)) for fname, text in schema_files().items()])
    schema = json.loads(schema_files()[f"{name}.schema.json"])
    return jsonschema_rs.validator_for(schema, registry=registry, validate_formats=True)


# Characters that Python's re (jsonschema) and jsonschema-rs' regex engine disagree about
# as `\s` (found by comparing both on every code point): a document holding one is checked
# by jsonschema alone, so that the fast check never lets through what jsonschema rejects.
_DISPUTED = re.compile("[\x1c-\x1f\x85\ufeff]")


def _undisputed(data) -> bool:
    if isinstance(data, str):
        return not _DISPUTED.search(data)
    if isinstance(data, dict):
        return all(_undisputed(k) and _undisputed(v) for k, v in data.items())
    if isinstance(data, list):
        return all(_undisputed(v) for v in data)
    return True


REQUIRED_HINTS = {
    "published": "add 'published: YYYY-MM-DD', the day the record went public",
    "consent": "add the consent block: reference (the offline consent id), date, scope (text, city, photos, translation)",
    "review": "add the review block: by (at least two reviewers' handles) and date",
    "title": "add 'title: ...' with a short human title",
    "summary": "add 'summary: ...' with one or two sentences for indexes and feeds",
    "status": "add 'status: draft' (or review, published, withdrawn)",
    "city": "add 'city: <slug>' with a city from content/_data/places.yml",
    "documented_by": "add 'documented_by: <slug>' with the documenting organisation from content/_data/organizations.yml",
}


def _deepest(error):
    """Descend into combinator errors (allOf/oneOf) to the most specific cause."""
    while error.context and error.validator not in ("oneOf",):
        error = min(error.context, key=lambda e: (-len(e.absolute_path), len(e.context or [])))
    return error


def _known_properties(error) -> list[str]:
    return sorted(_properties_of(error.schema))


def _properties_of(schema, depth: int = 0, base: str = "") -> set:
    """Field names a schema knows, through its allOf references (the advocacy types nest two deep)."""
    names = set(schema.get("properties", {}))
    for sub in schema.get("allOf", []) if depth < 4 else []:
        ref = sub.get("$ref", "")
        if ref:
            target = base + ref if ref.startswith("#") else ref
            names |= _properties_of(_registry().resolver().lookup(target).contents, depth + 1,
                                    target.split("#", 1)[0])
        elif isinstance(sub, dict):
            names |= _properties_of(sub, depth + 1, base)
    return names


def explain(error) -> list[tuple[tuple, str, str]]:
    """(field path, message, hint) for one jsonschema error, in plain words."""
    error = _deepest(error)
    path = tuple(error.absolute_path)
    hint = error.schema.get("x-hint", "") if isinstance(error.schema, dict) else ""
    value = error.instance
    kind = error.validator
    if kind == "required":
        missing = error.message.split("'")[1] if "'" in error.message else "?"
        when = " when status is published" if "then" in error.schema_path else ""
        sub = error.schema.get("properties", {}).get(missing, {}) if isinstance(error.schema, dict) else {}
        hint = sub.get("x-hint") or (REQUIRED_HINTS.get(missing) if not path else None) \
            or f"add a line '{missing}: ...'"
        parent = next((str(p) for p in reversed(path) if isinstance(p, str)), None)
        if parent:  # say where the line goes: editors cannot guess YAML nesting from a dotted path
            hint += f" (the line goes under '{parent}:', indented like the lines beside it)"
        return [(path + (missing,), f"is missing; it is required{when}", hint)]
    if kind in ("additionalProperties", "unevaluatedProperties"):
        known = _known_properties(error)
        out = []
        extra = [k for k in value if k not in known] if isinstance(value, dict) else []
        # unevaluatedProperties also flags known fields whose own value failed (their
        # annotations are dropped); those are reported by their own error
        for key in extra:
            close = difflib.get_close_matches(str(key), known, n=1)
            fix = f"did you mean '{close[0]}'?" if close else "remove it or check the spelling; known fields: " + ", ".join(known)
            out.append((path + (key,), "is not a known field", fix))
        return out
    if kind == "enum":
        allowed = ", ".join(str(v) for v in error.validator_value)
        return [(path, f"'{value}' is not one of the allowed values ({allowed})", hint)]
    if kind == "const":
        return [(path, f"'{value}' should be '{error.validator_value}'", hint)]
    if kind == "pattern":
        return [(path, f"'{value}' is not written in the expected form", hint)]
    if kind == "format":
        return [(path, f"'{value}' is not a real date", hint or "write the date as YYYY-MM-DD")]
    if kind == "type":
        expected = error.validator_value
        expected = {"array": "a list", "object": "a group of 'field: value' lines", "string": "text",
                    "number": "a number", "boolean": "true or false"}.get(expected, expected)
        return [(path, f"should be {expected}", hint)]
    if kind == "minItems":
        return [(path, f"needs at least {error.validator_value} entr{'y' if error.validator_value == 1 else 'ies'}", hint)]
    if kind == "minLength":
        return [(path, "is empty", hint or "write a value or remove the line")]
    if kind == "uniqueItems":
        return [(path, "lists the same value twice", "keep each value once")]
    if kind in ("minimum", "maximum"):
        return [(path, f"{value} is out of range", hint)]
    if kind == "oneOf":
        return [(path, "does not match exactly one allowed shape", hint)]
    return [(path, error.message, hint)]


def validate(name: str, data) -> list[tuple[tuple, str, str]]:
    """All problems of `data` against schema `name`, as (path, message, hint)."""
    try:
        if _undisputed(data) and fast_validator(name).is_valid(data):
            return []  # the usual case, in a fraction of the time
    except (ValueError, TypeError):
        pass  # a value JSON has no type for (e.g. YAML's !!binary): jsonschema says what is wrong
    found = []
    for error in validator(name).iter_errors(data):
        found.extend(explain(error))
    # one schema error can surface twice through allOf; keep the first of each
    seen, unique = set(), []
    for item in found:
        if item[:2] not in seen:
            seen.add(item[:2])
            unique.append(item)
    return unique
