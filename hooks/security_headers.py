"""Security headers for static hosts that read a headers file (this site's own hook).

Netlify and Cloudflare Pages read `_headers` at the site root. A `<meta>` policy
cannot say everything: `frame-ancestors` (no framing, against click-jacking of
the quick exit) and the other response headers only work as real headers. The
Content-Security-Policy sent is the one the pages carry in their meta tag, read
back from the built pages so that the two never disagree: the policy most pages
share is one `/*` rule, and only pages with another policy (redirects) have a
rule of their own. The nginx equivalent is in the README.
"""
from __future__ import annotations

import re
from collections import Counter
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


def page_policies(site_dir: Path) -> dict[str, str]:
    """URL path of every built HTML page -> the policy in its meta tag."""
    policies = {}
    for page in sorted(site_dir.rglob("*.html")):
        with page.open("r", encoding="utf-8", errors="replace") as handle:
            head = handle.read(16384)  # the meta tag sits near the top of <head>
        match = META_CSP.search(head)
        if not match:
            continue
        rel = page.relative_to(site_dir).as_posix()
        path = "/" + (rel[: -len("index.html")] if rel.endswith("index.html") else rel)
        policies[path] = match.group(1).replace("&#39;", "'").replace("&#x27;", "'")
    return policies


def headers_file(policies: dict[str, str]) -> str:
    """The `_headers` text: common headers for every path, then the policy per path."""
    lines = ["/*"] + [f"  {name}: {value}" for name, value in HEADERS.items()]
    if policies:
        # the policy most pages share (every page but redirects: the hashes come from the templates)
        # is sent for every path; the few pages with another one also get theirs (hosts send every
        # matching rule's headers, and browsers enforce both policies: the stricter wins). Listing
        # every page would name every address, withdrawn ones included, in one file.
        common = Counter(policies.values()).most_common(1)[0][0]
        lines.append(f"  Content-Security-Policy: {common}; {EXTRA_CSP}")
        for path, policy in sorted(policies.items()):
            if policy != common:
                lines += ["", path, f"  Content-Security-Policy: {policy}; {EXTRA_CSP}"]
    return "\n".join(lines) + "\n"


@event_priority(-300)
def on_post_build(config):
    """Once, after every language was built (mkdocs-static-i18n re-runs builds at -100)."""
    i18n = config.plugins.get("i18n")
    if i18n is not None and getattr(i18n, "building", False):
        return
    site_dir = Path(config.site_dir)
    (site_dir / "_headers").write_text(headers_file(page_policies(site_dir)), encoding="utf-8")
