"""Offline copy of the site (issue 8): a zip that works opened from the file system.

    python3 -m campaign.tools.offline [--config mkdocs.yml] [--out wav-offline.zip]

For readers who get the site on a USB stick or as a file: unzip, then double-click
`index.html` (the English home page; the zip's root is the site's root). No server,
no network.

1. Runs the real build (`python -m mkdocs build --strict`) into a temporary folder,
   so the copy holds exactly what the site publishes.
2. Post-processes the built files for file://:
   - every relative link or source that points to a folder ("../stories/x/", "./",
     "..", "ru/") is pointed at that folder's index.html, because a browser shows a
     folder listing for file://.../stories/x/, not the page. Only href, src and
     data-first attribute values of HTML tags are touched, never absolute (http:,
     https:, mailto:...) ones, and only when the target is a folder of the built site
     holding an index.html; the same is done for the address of the redirect pages
     (meta refresh), the links in the map popups (map.js, home-map.js) and those in the
     filter data. Site-absolute links ("/ru/": the language switcher of the home pages,
     as mkdocs-static-i18n writes it, and the 404 pages) that name something in the
     site are made relative: from file://, "/ru/" is a folder at the root of the disk;
   - the filter data of each index (<lang>/<type>/index.json, fetched by
     javascripts/filters.js) is also written as a classic script, index.data.js, that
     sets window.WAV_INDEX_DATA, and every index page loads it: fetch() of file://
     URLs fails, a <script src> does not; filters.js uses it when present;
   - the Content-Security-Policy is kept, with `file:` added next to 'self' in the
     fetch directives: Chromium counts file:// resources as 'self' (checked), but a
     file:// page has an opaque origin, and a browser that matched 'self' strictly by
     origin would block every script and stylesheet; `file:` says what is meant.
     Inline scripts stay allowed only by their hashes; no host is added;
   - module scripts are removed (browsers refuse to load them from file://; the only
     one is the search box, which hides itself there anyway) and so is the Pagefind
     search index (pagefind/), which nothing can use offline.
3. Zips the folder (plus OFFLINE.txt, a note for the reader).

What does not work offline: search (Pagefind needs a module script and fetch(), both
refused for file://; the search box stays hidden); links that use the site's address
(canonical links, the links inside the Atom feeds and the sitemap point to the
published site, https://...); links to other web sites need a connection, like the
neutral site the quick exit opens (the exit itself still hides the page and replaces
it in the history; without a connection the browser shows its "no connection" page
at that neutral address); map tiles, if a tile server is configured (the outline
maps need none).
"""
from __future__ import annotations

import argparse
import html
import json
import os
import posixpath
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

from ..safety.csp import META as CSP_META

DATA_SCRIPT = "index.data.js"
DATA_GLOBAL = "WAV_INDEX_DATA"
# directives that fetch something the copy ships: these get `file:` beside 'self'
FETCH_DIRECTIVES = {"default-src", "script-src", "style-src", "img-src", "font-src",
                    "connect-src", "media-src", "worker-src"}
URL_ATTRIBUTES = ("href", "src", "data-first")
# an attribute of a raw start tag; the lookbehind keeps data-src from matching as src
ATTRIBUTE = re.compile(r"(?<=\s)(%s)(\s*=\s*)(\"[^\"]*\"|'[^']*'|[^\s\"'>]+)" % "|".join(URL_ATTRIBUTES),
                       re.I)
SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
# a link inside a JavaScript string literal, as folium writes popups: href=\"../cities/x/\"
JS_HREF = re.compile(r'(href=\\")([^"\\]*)(\\")')
# the redirect pages of renamed records: <meta http-equiv="refresh" content="0; url=../x/">
REFRESH_TAG = re.compile(r"""\shttp-equiv\s*=\s*["']?refresh\b""", re.I)
REFRESH_URL = re.compile(r"""(\scontent\s*=\s*)(["'])(\s*\d*\s*[;,]\s*url\s*=\s*)([^"']*)""", re.I)
CANONICAL = re.compile(r'<link rel="canonical" href="([^"]*)"')
SCRIPT_END = re.compile(r"\s*</script>", re.I)
NOTE = """Women Against Violence: offline copy of the site
================================================

Open index.html with a web browser (double-click it). Everything works without
a connection: the pages, the languages, the maps and the filters of the lists.

Search does not work in this copy. Links to other web sites need a
connection; the quick-exit button still leaves the page at once.
"""


class OfflineError(Exception):
    """The built site is not what this tool expects; the message says what."""


class _Tags(HTMLParser):
    """Start tags of a document with their offsets and raw text (script contents,
    comments and text are skipped by the parser, so nothing in them is touched)."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.tags = []
        # offsets where lines start, counted as the parser counts them (on "\n" only)
        self._lines = [0] + [m.end() for m in re.finditer("\n", text)]
        self.feed(text)
        self.close()
        for offset, raw, _, _ in self.tags:
            if text[offset:offset + len(raw)] != raw:  # pragma: no cover - parser contract
                raise OfflineError(f"could not locate the tag {raw[:60]!r}")

    def handle_starttag(self, tag, attrs):
        line, column = self.getpos()
        self.tags.append((self._lines[line - 1] + column, self.get_starttag_text(), tag, dict(attrs)))

    handle_startendtag = handle_starttag


class Offline:
    """Turns a built site folder into one that works from file://, in place."""

    def __init__(self, root: Path, prefix: str | None = None):
        self.root = Path(os.path.abspath(root))
        # path of the site's root on its host ("/" or "/sub/"): from site_url, via the
        # canonical link of the home page
        self.prefix = prefix if prefix is not None else site_prefix(self.root / "index.html")
        self._is_page_dir: dict[str, bool] = {}
        self.script_dirs: dict[str, set[str]] = {}  # classic script file -> folders of pages loading it
        self.data_files: set[str] = set()  # index.json files whose data the index pages need

    # -- links -------------------------------------------------------------------

    def page_dir(self, path: str) -> bool:
        """Whether `path` (absolute, normalised) is a folder of the site holding index.html."""
        if path not in self._is_page_dir:
            self._is_page_dir[path] = self.inside(path) and os.path.isfile(os.path.join(path, "index.html"))
        return self._is_page_dir[path]

    def file_url(self, value: str, base: str) -> str | None:
        """`value` (an attribute value as written, in a page of folder `base`) as it must be
        for file://; None when it is to stay as it is. A link to a folder of the site points
        at its index.html; a site-absolute link ("/ru/", as mkdocs-static-i18n writes the
        language links of home pages) to something in the site becomes relative."""
        if not value or value.startswith(("#", "?", "//")) or SCHEME.match(value):
            return None  # empty, same page, or absolute (http:, mailto:, data:...)
        cut = len(value)
        for mark in "?#":
            if mark in value:
                cut = min(cut, value.index(mark))
        path, rest = value[:cut], value[cut:]
        plain = unquote(html.unescape(path))
        absolute = plain.startswith("/")
        if absolute:
            if not (plain + "/").startswith(self.prefix):
                return None
            target = os.path.normpath(os.path.join(str(self.root), plain[len(self.prefix):]))
        else:
            target = os.path.normpath(os.path.join(base, plain))
        if self.page_dir(target):
            if absolute:
                relative = os.path.relpath(target, base).replace(os.sep, "/")
                path = "" if relative == "." else quote(relative) + "/"
            new = path + ("" if path.endswith("/") or not path else "/") + "index.html" + rest
        elif absolute and os.path.isfile(target) and self.inside(target):
            new = quote(os.path.relpath(target, base).replace(os.sep, "/")) + rest
        else:
            return None
        return new

    def inside(self, path: str) -> bool:
        return path == str(self.root) or path.startswith(str(self.root) + os.sep)

    def rewrite_tag(self, raw: str, base: str) -> str:
        def one(match):
            quoted = match.group(3)
            mark = quoted[0] if quoted[0] in "\"'" else ""
            value = quoted[1:-1] if mark else quoted
            new = self.file_url(value, base)
            if new is None:
                return match.group(0)
            return f"{match.group(1)}{match.group(2)}{mark}{new}{mark}"

        raw = ATTRIBUTE.sub(one, raw)
        if raw[:5].lower() == "<meta" and REFRESH_TAG.search(raw):
            def refresh(match):
                new = self.file_url(match.group(4), base)
                return match.group(0) if new is None else match.group(1) + match.group(2) + match.group(3) + new
            raw = REFRESH_URL.sub(refresh, raw)
        return raw

    def rewrite_fragment(self, text: str, base: str) -> str:
        """HTML text (a page or a piece of one) with its folder links rewritten."""
        out, last = [], 0
        for offset, raw, _, _ in _Tags(text).tags:
            new = self.rewrite_tag(raw, base)
            if new != raw:
                out.append(text[last:offset])
                out.append(new)
                last = offset + len(raw)
        out.append(text[last:])
        return "".join(out)

    # -- pages -------------------------------------------------------------------

    def page(self, path: Path) -> None:
        text = path.read_text(encoding="utf-8")
        base = str(path.parent)
        tags = _Tags(text).tags
        edits = []  # (start, end, replacement)
        data_src = None
        filters_at = None
        for offset, raw, tag, attrs in tags:
            end = offset + len(raw)
            if tag == "script" and attrs.get("src"):
                src = attrs["src"]
                if (attrs.get("type") or "").lower() == "module":
                    # browsers refuse module scripts from file:// (and log an error): drop it
                    closing = SCRIPT_END.match(text, end)
                    if not closing:
                        raise OfflineError(f"{path}: no </script> after {raw!r}")
                    start = offset
                    while start > 0 and text[start - 1] in " \t":
                        start -= 1
                    edits.append((start, closing.end(), ""))
                    continue
                if src.endswith("javascripts/filters.js"):
                    filters_at = offset
                if not SCHEME.match(src) and not src.startswith("/"):
                    script = os.path.normpath(os.path.join(base, unquote(src.split("?")[0])))
                    self.script_dirs.setdefault(script, set()).add(base)
            if "data-wav-index" in attrs:
                data_src = attrs.get("data-src")
            new = self.rewrite_tag(raw, base)
            if new != raw:
                edits.append((offset, end, new))
        if data_src is not None:
            if not data_src.endswith(".json") or filters_at is None:
                raise OfflineError(f"{path}: an index page without its data (data-src={data_src!r}) "
                                   "or without javascripts/filters.js")
            self.data_files.add(os.path.normpath(os.path.join(base, data_src)))
            script = data_src[: -len(".json")] + ".data.js"
            if posixpath.basename(script) != DATA_SCRIPT:
                raise OfflineError(f"{path}: unexpected index data {data_src!r}")
            edits.append((filters_at, filters_at, f'<script src="{html.escape(script)}" defer></script>\n'))
        edits.sort(key=lambda e: (e[0], e[1]))
        out, last = [], 0
        for start, end, replacement in edits:
            out.append(text[last:start])
            out.append(replacement)
            last = end
        out.append(text[last:])
        text = with_file_sources("".join(out))
        path.write_text(text, encoding="utf-8")

    def data(self, json_path: str) -> None:
        """index.data.js beside index.json: the same data, links rewritten, as a classic script."""
        source = Path(json_path)
        if not source.is_file():
            raise OfflineError(f"{source}: the data of an index page is missing")
        data = json.loads(source.read_text(encoding="utf-8"))
        base = str(source.parent)
        for item in data.get("items", []):
            if isinstance(item.get("h"), str):
                item["h"] = self.rewrite_fragment(item["h"], base)
        body = json.dumps(data, ensure_ascii=True, separators=(",", ":"))
        (source.parent / DATA_SCRIPT).write_text(
            f"/* Offline copy: the data of {source.name}, for javascripts/filters.js (no fetch from file://). */\n"
            f"window.{DATA_GLOBAL} = {body};\n", encoding="utf-8")

    def script(self, path: str, dirs: set[str]) -> None:
        """Links inside string literals of a page's own script (map popups); they resolve
        against the page, so only scripts loaded from a single folder are rewritten."""
        file = Path(path)
        if not file.is_file() or not file.suffix == ".js":
            return
        text = file.read_text(encoding="utf-8")
        values = [m.group(2) for m in JS_HREF.finditer(text)]
        if not any(self.file_url(v, base) for v in values for base in dirs):
            return  # nothing to change (Material's bundle, Leaflet...)
        if len(dirs) != 1:
            raise OfflineError(f"{file}: folder links in a script loaded from several folders: {sorted(dirs)}")
        (base,) = dirs

        def one(match):
            new = self.file_url(match.group(2), base)
            return match.group(0) if new is None else match.group(1) + new + match.group(3)

        file.write_text(JS_HREF.sub(one, text), encoding="utf-8")

    def run(self) -> None:
        pages = sorted(self.root.rglob("*.html"))
        if not (self.root / "index.html").is_file():
            raise OfflineError(f"{self.root}: no index.html: is this a built site?")
        for page in pages:
            self.page(page)
        for json_path in sorted(self.data_files):
            self.data(json_path)
        for path, dirs in sorted(self.script_dirs.items()):
            self.script(path, dirs)
        shutil.rmtree(self.root / "pagefind", ignore_errors=True)
        (self.root / "OFFLINE.txt").write_text(NOTE, encoding="utf-8")


def site_prefix(home: Path) -> str:
    """The path of the site on its host, from the home page's canonical link ("/" if none)."""
    match = CANONICAL.search(home.read_text(encoding="utf-8")) if home.is_file() else None
    path = urlsplit(html.unescape(match.group(1))).path if match else "/"
    return path.rstrip("/") + "/"


def with_file_sources(text: str) -> str:
    """The page with `file:` added to every fetch directive of its policy that allows 'self'."""

    def policy(match):
        directives = []
        for directive in match.group(2).split(";"):
            words = directive.split()
            if words and words[0] in FETCH_DIRECTIVES and "'self'" in html.unescape(directive) \
                    and "file:" not in words:
                directive = directive.rstrip() + " file:"
            directives.append(directive)
        return match.group(1) + ";".join(directives) + match.group(3)

    return CSP_META.sub(policy, text, count=1)


def build(config: Path, site_dir: Path) -> None:
    """The real build of the site, as in production."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(site_dir)],
        cwd=config.parent, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise OfflineError("the build failed:\n" + (result.stderr or result.stdout)[-6000:])


def write_zip(folder: Path, out: Path) -> int:
    """Zip the folder's contents (the folder's root becomes the zip's root); returns the file count."""
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".part")
    with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for file in files:
            archive.write(file, file.relative_to(folder).as_posix())
    partial.replace(out)
    return len(files)


def make(config: Path, out: Path) -> int:
    """Build the site from `config` and write its offline copy to `out`; returns the file count."""
    config = Path(os.path.abspath(config))
    if not config.is_file():
        raise OfflineError(f"{config}: no such configuration file")
    with tempfile.TemporaryDirectory(prefix="wav-offline-") as tmp:
        site = Path(tmp) / "site"
        build(config, site)
        Offline(site).run()
        return write_zip(site, Path(os.path.abspath(out)))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        prog="python3 -m campaign.tools.offline",
        description="Build the site and write a zip of it that works opened from the file system "
                    "(unzip, open index.html): pages, languages, maps and index filters work; "
                    "search does not.")
    parser.add_argument("--config", default="mkdocs.yml", type=Path,
                        help="MkDocs configuration of the site (default: mkdocs.yml)")
    parser.add_argument("--out", default="wav-offline.zip", type=Path,
                        help="zip file to write (default: wav-offline.zip)")
    args = parser.parse_args(argv)
    try:
        count = make(args.config, args.out)
    except OfflineError as error:
        print(f"campaign.tools.offline: {error}", file=sys.stderr)
        return 1
    size = args.out.stat().st_size
    print(f"{args.out}: {count} files, {size / 1e6:.1f} MB; unzip it and open index.html")
    return 0


if __name__ == "__main__":
    sys.exit(main())
