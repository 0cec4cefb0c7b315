"""Fingerprints of personal values the importer dropped, so that no allow list lets one back in.

`campaign import` never copies a column marked `drop` (her name, her phone
number), but the value can come back: typed into the story, and then "allowed"
in `review.pii_allow` by a reviewer who took it for a hotline. The importer
keeps a fingerprint of each dropped value in a file beside the drafts and
outside the site (FILE_NAME at the project root); the check refuses an allow
entry whose fingerprint is there.

A fingerprint is scrypt (salted and deliberately slow) of the value in a normal
form: the last nine digits of anything that looks like a phone number (so
"+996 555 010 101" and "0555 010101" match), otherwise the text in lower case
with single spaces. The file cannot be read back into the values without
trying every possible value at that cost, and is not published.

Each word of three letters or more of a dropped value (her first name, her
family name) also gets a fingerprint, cheaper to compute (WORD_COST) because the
check hashes every word of an imported record's text to find one typed back in
(`words_dropped`); a name is guessable from a list of names at either cost, and
the file stays in the private repository.
"""
from __future__ import annotations

import hashlib
import re
import secrets
import unicodedata
from functools import cache
from pathlib import Path

FILE_NAME = ".campaign/dropped-values.txt"
_N, _R, _P = 2 ** 14, 8, 1  # about 50 ms per value: cheap for a few allow entries, costly for guessing
_HEADER = ("# Fingerprints of values `campaign import` dropped (names, phone numbers), so that review.pii_allow\n"
           "# can never let one back in. Salted and slow to compute: they do not show the values. Keep this file\n"
           "# in the (private) repository so that every editor's check and CI see it; never edit it by hand.\n")


def _keys(value: str) -> set[str]:
    """Normal forms of a value: as text, and each phone-like run of digits in it."""
    keys = set()
    text = " ".join(str(value).casefold().split())
    if text:
        keys.add("text:" + text)
    for run in re.findall(r"\+?\d[\d\s().\-]{5,}\d", str(value)):
        digits = re.sub(r"\D", "", run)
        if len(digits) >= 7:
            keys.add("phone:" + digits[-9:])
    return keys


WORD_COST = 2 ** 10  # about 3 ms: every word of an imported record's text is hashed once per check
# answers that say "no name given" (also campaign import's): never a value to look for in a text
NOT_A_VALUE = frozenset({"no", "none", "n/a", "na", "anonymous", "unknown", "нет", "аноним", "анонимно",
                         "неизвестно", "ні", "анонімно", "არა", "ანონიმური"})


def _word(word: str) -> str:
    return unicodedata.normalize("NFKC", word).casefold().replace("ё", "е")


def words_of(text: str) -> list[tuple[int, str]]:
    """(offset, word) for each word of three letters or more in `text`."""
    return [(m.start(), m.group()) for m in re.finditer(r"[^\W\d_]{3,}", str(text))]


@cache
def _hash(salt: str, key: str) -> str:
    cost = WORD_COST if key.startswith("word:") else _N
    return hashlib.scrypt(key.encode("utf-8"), salt=bytes.fromhex(salt), n=cost, r=_R, p=_P, dklen=16).hex()


class Fingerprints:
    def __init__(self, path: Path, salt: str | None = None, hashes: set | None = None):
        self.path = Path(path)
        self.salt = salt or secrets.token_hex(16)
        self.hashes = hashes or set()

    @classmethod
    def load(cls, root) -> Fingerprints:
        """The project's fingerprints (none when the importer never dropped anything here)."""
        path = Path(root) / FILE_NAME
        if not path.is_file():
            return cls(path)
        salt, hashes = None, set()
        for line in path.read_text("utf-8").splitlines():
            line = line.strip()
            if line.startswith("salt:"):
                salt = line.split(":", 1)[1].strip()
            elif line and not line.startswith("#"):
                hashes.add(line)
        return cls(path, salt, hashes)

    def add(self, value: str) -> None:
        self.hashes |= {_hash(self.salt, key) for key in _keys(value)}
        if _word(" ".join(str(value).split())) not in NOT_A_VALUE:
            self.hashes |= {_hash(self.salt, "word:" + _word(w)) for _at, w in words_of(value)
                            if _word(w) not in NOT_A_VALUE}

    def phone_dropped(self, number: str) -> bool:
        """True when a phone number is one the importer dropped (only its digits are compared)."""
        return bool(self.hashes) and any(_hash(self.salt, key) in self.hashes
                                         for key in _keys(number) if key.startswith("phone:"))

    def words_dropped(self, text: str) -> list[tuple[int, str]]:
        """(offset, word) for each word of `text` that is a word of a dropped value (her name typed back)."""
        if not self.hashes:
            return []
        return [(at, w) for at, w in words_of(text) if _hash(self.salt, "word:" + _word(w)) in self.hashes]

    def save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(_HEADER + f"salt: {self.salt}\n" + "".join(f"{h}\n" for h in sorted(self.hashes)),
                             "utf-8")

    def matches(self, value: str) -> bool:
        """True when `value` is (in normal form) one of the dropped values, or holds a dropped phone number."""
        if not self.hashes:
            return False
        return any(_hash(self.salt, key) in self.hashes for key in _keys(value))
