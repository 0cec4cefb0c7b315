"""Security headers for static hosts that read a headers file (this site's own hook).

Netlify and Cloudflare Pages read `_headers` at the site root. A `<meta>` policy
cannot say everything: `frame-ancestors` (no framing, against click-jacking of
the quick exit) and the other response headers only work as real headers. The
Content-Security-Policy sent is the one the pages carry in their meta tag, read
back from the built pages so that the two never disagree. It is one rule for
the whole site (`/*`): rules per page would name every address, withdrawn
records' included, in a file anyone can read, and hosts limit their number.
Where pages allow different inline scripts, the header allows the union of
their hashes; the browser enforces both policies, so each page stays as strict
as its meta tag. The nginx equivalent is in the README.
"""
from __future__ import annotations

import re
from pathlib import Path

from mkdocs.plugins import event_priority

META_CSP = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)"')

# What a meta tag cannot carry (CSP's frame-ancestors is ignored in <meta>).
EXTRA_CSP = "frame-ancestors 'none'"
HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), interest-cohort=(), browsing-topics=()",
}


# path -> (modification time, size, policy or None) of pages already read by this process:
# `mkdocs serve` rebuilds re-read only the pages they wrote again, not the whole site
_READ: dict[str, tuple] = {}


def _policy_of(page: Path) -> str | None:
    stat = page.stat()
    known = _READ.get(str(page))
    if known is not None and known[:2] == (stat.st_mtime_ns, stat.st_size):
        return known[2]
    with page.open("r", encoding="utf-8", errors="replace") as handle:
        head = handle.read(16384)  # the meta tag sits near the top of <head>
    match = META_CSP.search(head)
    # redirect stubs of old addresses carry `default-src 'none'`, stricter than any page:
    # the browser enforces both their meta tag and the header, so they need no share of it
    policy = (match.group(1).replace("&#39;", "'").replace("&#x27;", "'")
              if match and "script-src" in match.group(1) else None)
    _READ[str(page)] = (stat.st_mtime_ns, stat.st_size, policy)
    return policy


def page_policies(site_dir: Path) -> list[str]:
    """The distinct policies of the built pages' meta tags (pages that run scripts), in the order first found."""
    found: dict[str, None] = {}
    for page in sorted(site_dir.rglob("*.html")):
        policy = _policy_of(page)
        if policy is not None:
            found.setdefault(policy, None)
    return list(found)


def site_policy(policies: list[str]) -> str:
    """One policy for every page: each directive's sources, united over the pages."""
    directives: dict[str, list[str]] = {}
    for policy in policies:
        for part in policy.split(";"):
            name, *sources = part.split()
            merged = directives.setdefault(name, [])
            merged += [s for s in sources if s not in merged]
    return "; ".join(" ".join([name, *sources]) for name, sources in directives.items())


def headers_file(policies: list[str]) -> str:
    """The `_headers` text: one rule for every path."""
    lines = ["/*"] + [f"  {name}: {value}" for name, value in HEADERS.items()]
    if policies:
        lines.append(f"  Content-Security-Policy: {site_policy(policies)}; {EXTRA_CSP}")
    return "\n".join(lines) + "\n"


@event_priority(-300)
def on_post_build(config):
    """Once, after every language was built (mkdocs-static-i18n re-runs builds at -100)."""
    i18n = config.plugins.get("i18n")
    if i18n is not None and getattr(i18n, "building", False):
        return
    site_dir = Path(config.site_dir)
    (site_dir / "_headers").write_text(headers_file(page_policies(site_dir)), encoding="utf-8")
