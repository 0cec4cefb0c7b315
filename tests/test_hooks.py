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


def _header_policy(rules, path):
    return (rules.get(path) or {}).get("Content-Security-Policy") or rules["/*"].get("Content-Security-Policy")


@pytest.mark.build
def test_headers_file_carries_each_pages_meta_policy_and_what_meta_cannot(built_site):
    rules = _rules((built_site / "_headers").read_text("utf-8"))
    common = rules["/*"]
    assert common["X-Content-Type-Options"] == "nosniff"
    assert common["Referrer-Policy"] == "no-referrer"
    assert "camera=()" in common["Permissions-Policy"] and "geolocation=()" in common["Permissions-Policy"]
    pages = ["index.html", "ru/index.html", "stories/index.html", "uk/help/index.html", "report/index.html",
             "404.html"]
    pages += [p.relative_to(built_site).as_posix() for p in sorted((built_site / "stories").glob("*/index.html"))[:3]]
    for rel in pages:
        html = (built_site / rel).read_text("utf-8")
        meta = META_CSP.search(html).group(1).replace("&#39;", "'")
        path = "/" + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)
        header = _header_policy(rules, path)
        assert header is not None, f"no policy for {path}"
        assert header == f"{meta}; frame-ancestors 'none'", path
        assert "'unsafe-inline'" not in header.split("script-src", 1)[1].split(";", 1)[0]
