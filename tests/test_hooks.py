"""This site's own hooks (issue 12): the security headers file for static hosts."""
from __future__ import annotations

import re

import pytest

META_CSP = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)"')


def _rules(text: str) -> dict[str, dict[str, str]]:
    """Netlify/Cloudflare `_headers`: a path line, then indented `Name: value` lines."""
    rules, current = {}, None
    for line in text.splitlines():
        if not line.strip():
            continue
        if not line.startswith((" ", "\t")):
            current = rules.setdefault(line.strip(), {})
        else:
            name, _, value = line.strip().partition(":")
            current[name.strip()] = value.strip()
    return rules


def _directives(policy: str) -> dict[str, list[str]]:
    return {name: sources for name, *sources in (part.split() for part in policy.split(";") if part.strip())}


@pytest.mark.build
def test_headers_file_carries_the_pages_policy_and_what_a_meta_tag_cannot(built_site):
    text = (built_site / "_headers").read_text("utf-8")
    rules = _rules(text)
    assert list(rules) == ["/*"], "one rule for the whole site: no page address is listed"
    common = rules["/*"]
    assert common["X-Content-Type-Options"] == "nosniff"
    assert common["Referrer-Policy"] == "no-referrer"
    assert "camera=()" in common["Permissions-Policy"] and "geolocation=()" in common["Permissions-Policy"]
    header = _directives(common["Content-Security-Policy"])
    assert header.pop("frame-ancestors") == ["'none'"]
    metas = set()
    for page in sorted(built_site.rglob("*.html")):
        match = META_CSP.search(page.read_text("utf-8"))
        if match and "script-src" in match.group(1):
            metas.add(match.group(1).replace("&#39;", "'"))
        elif match:  # a redirect stub: allows nothing at all, stricter than the header
            assert match.group(1) == "default-src 'none'", page
    assert len(metas) >= 1
    for meta in metas:
        meta_directives = _directives(meta)
        # the same directives; every source a page allows is allowed by the header, and the
        # header adds nothing but other pages' inline-script hashes
        assert set(meta_directives) == set(header)
        for name, sources in meta_directives.items():
            assert set(sources) <= set(header[name]), name
            extra = set(header[name]) - set(sources)
            assert all(s.startswith("'sha256-") for s in extra), (name, extra)
    assert "'unsafe-inline'" not in header["script-src"]
    if len(metas) == 1:  # every page carries one policy: the header is exactly it
        assert common["Content-Security-Policy"] == f"{metas.pop()}; frame-ancestors 'none'"
