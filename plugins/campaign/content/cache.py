"""The content cache: results of the engine's pure checks, kept between builds.

Reading a record file (front matter parse), checking it against its schema and
scanning its texts for personal data are pure functions of their input. This
module remembers their results under the SHA-256 of that input, so that a
rebuild after one edit parses, validates and scans one file again, not every
file (at 2,000 stories these take most of the time spent reading content).

What is never cached: whether a record may be published (the gate reads the
freshly parsed status at every build), the checks between records (related
records, consent dates against today, reviewers against the registries) and
the decision on what each finding means (pii_allow, public numbers). Only the
raw results of a parser, a validator and a scanner are reused, and only for
the exact same bytes: a changed file always misses.

The whole cache is also bound to a *salt*: the engine's own code and schemas,
the registries (content/_data/), and the build's settings. When any of them
changes the cache is dropped and everything is computed again: a scanner
improved in a new engine version must see every text again.

The cache file lives in the project's `.cache/campaign/` (git-ignored), never
in content/ or in the site. It holds what content/ already holds (parsed), so
it needs no more protection than the repository itself; it is pickled,
because a parse result holds dates and line maps, and is written atomically
(a crashed build leaves the previous file). A cache file that cannot be read
is ignored, never trusted in part.
"""
from __future__ import annotations

import hashlib
import os
import pickle
from functools import cache as memoize
from pathlib import Path

from ..safety.dates import find_day_dates
from ..safety.pii import find_pii
from . import schemas
from .yamlsource import YamlError, parse_markdown

FORMAT = 1  # bump when the shape of the stored entries changes
FILE_NAME = "content.pickle"
ENGINE_DIR = Path(__file__).resolve().parents[1]  # plugins/campaign


@memoize
def engine_digest() -> str:
    """SHA-256 of the engine's code and data files (Python, schemas, templates shipped in the package).

    Any change to the engine, not only a release, gives another digest: a fixed scanner or a
    stricter schema is applied to every file at the next build."""
    return _tree_digest(ENGINE_DIR)


def _tree_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def salt(content_dir, settings_key) -> str:
    """What every cached result depends on besides its own input: the engine (code and
    schemas), the registries (every file in content/_data/) and the settings."""
    digest = hashlib.sha256()
    digest.update(f"format {FORMAT}\0engine {engine_digest()}\0".encode())
    digest.update(b"schemas\0" + "".join(f"{n}\0{t}" for n, t in sorted(schemas.schema_files().items())).encode())
    data = Path(content_dir) / "_data"
    if data.is_dir():
        digest.update(b"registries\0" + _tree_digest(data).encode())
    digest.update(b"settings\0" + repr(settings_key).encode())
    return digest.hexdigest()


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class ContentCache:
    """Pure results by input hash; `folder` None keeps them for this run only."""

    def __init__(self, folder=None, salt_value: str = ""):
        self.folder = Path(folder) if folder else None
        self.salt = salt_value
        self.entries: dict[str, bytes] = {}  # key -> pickled result (unpickled afresh at each use)
        self.used: set[str] = set()  # keys used by this build: only those are kept
        self.hits = self.misses = 0
        self.parsed: list[str] = []  # labels of the files parsed again (not found in the cache)
        self.loaded = False  # whether a cache file of this salt was found
        self._load()

    # -- the file --------------------------------------------------------------

    @property
    def path(self) -> Path | None:
        return self.folder / FILE_NAME if self.folder else None

    def _load(self) -> None:
        if self.path is None or not self.path.is_file():
            return
        try:
            with self.path.open("rb") as handle:
                stored = pickle.load(handle)
        except Exception:  # noqa: BLE001 - a damaged or foreign file is ignored whole, never trusted in part
            return
        if (isinstance(stored, dict) and stored.get("format") == FORMAT and stored.get("salt") == self.salt
                and isinstance(stored.get("entries"), dict)):
            self.entries = stored["entries"]
            self.loaded = True

    def save(self) -> None:
        """Write the entries this build used (older ones go), atomically."""
        if self.path is None:
            return
        kept = {key: self.entries[key] for key in self.used if key in self.entries}
        self.folder.mkdir(parents=True, exist_ok=True)
        ignore = self.folder / ".gitignore"
        if not ignore.exists():
            ignore.write_text("# the engine's content cache (campaign.content.cache): never committed\n*\n", "utf-8")
        temporary = self.path.with_name(f".{FILE_NAME}.{os.getpid()}")
        with temporary.open("wb") as handle:
            pickle.dump({"format": FORMAT, "salt": self.salt, "entries": kept}, handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, self.path)

    # -- lookups ---------------------------------------------------------------

    def _get(self, key: str, compute):
        self.used.add(key)
        stored = self.entries.get(key)
        if stored is not None:
            self.hits += 1
            return pickle.loads(stored)
        self.misses += 1
        value = compute()
        self.entries[key] = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        return value

    def put(self, key: str, value: bytes) -> None:
        """An entry computed elsewhere (a worker process), already pickled."""
        self.entries.setdefault(key, value)

    def has(self, key: str) -> bool:
        return key in self.entries

    def parse(self, text: str, label: str = ""):
        """parse_markdown(text); a YamlError is raised again at every build (never stored)."""
        key = parse_key(text)
        if key not in self.entries:
            self.parsed.append(label)
        return self._get(key, lambda: parse_markdown(text))

    def pii(self, text: str):
        return self._get(pii_key(text), lambda: find_pii(text))

    def day_dates(self, text: str):
        return self._get(dates_key(text), lambda: find_day_dates(text))

    def validate(self, name: str, data):
        key = validate_key(name, data)
        if key is None:  # a value that cannot be pickled: computed, never stored
            return schemas.validate(name, data)
        return self._get(key, lambda: schemas.validate(name, data))


def parse_key(text: str) -> str:
    return "parse:" + _sha(text.encode("utf-8", "surrogatepass"))


def pii_key(text: str) -> str:
    return "pii:" + _sha(text.encode("utf-8", "surrogatepass"))


def dates_key(text: str) -> str:
    return "dates:" + _sha(text.encode("utf-8", "surrogatepass"))


def validate_key(name: str, data) -> str | None:
    try:
        return f"schema:{name}:" + _sha(pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL))
    except Exception:  # noqa: BLE001 - nothing unusual comes out of YAML, but never fail on it
        return None


def precompute(item) -> list[tuple[str, bytes]]:
    """In a worker process: the entries for one record file (type, text), pickled.

    Whatever fails here is left out: the build computes it again itself and reports the
    problem with the file's name and line, as without a pool."""
    rtype, text = item
    out = []
    try:
        doc = parse_markdown(text)
    except (YamlError, RecursionError, ValueError):
        return out
    except Exception:  # noqa: BLE001 - a worker never brings the pool down: the build reports it
        return out
    try:
        out.append((parse_key(text), pickle.dumps(doc, protocol=pickle.HIGHEST_PROTOCOL)))
        if isinstance(doc.data, dict):
            key = validate_key(rtype, doc.data)
            if key:
                out.append((key, pickle.dumps(schemas.validate(rtype, doc.data), protocol=pickle.HIGHEST_PROTOCOL)))
        from .checks import _text_fields  # what the build scans (content.checks._check_personal_data)

        texts = {doc.body, *(text for _path, text in _text_fields(doc.data))} if isinstance(doc.data, dict) else set()
        for piece in texts:
            out.append((pii_key(piece), pickle.dumps(find_pii(piece), protocol=pickle.HIGHEST_PROTOCOL)))
            if rtype == "story":  # day-precise dates are looked for in testimonies only
                out.append((dates_key(piece), pickle.dumps(find_day_dates(piece), protocol=pickle.HIGHEST_PROTOCOL)))
    except Exception:  # noqa: BLE001 - see above
        return out
    return out
