"""`campaign rename OLD NEW`: change a record's slug (its address) in every language (SPEC 6, issue 15).

Partners cite addresses, so the old one must keep answering; but an address
can itself identify her (`beaten-by-officer-x-near-her-flat`). The editor
chooses, and the command never guesses:

- `--redirect`: the old address sends readers to the new one (the old slug is
  added to `aliases` in every language file);
- `--no-redirect`: the old address answers with the neutral withdrawn page
  (its files become the neutral lines), and `campaign purge OLD` can then take
  the old files out of the history.

Every language file moves, photos whose file name carries the old slug are
renamed with it, and other records' `related` lists follow.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

from ..content.loader import SLUG_RE
from ..content.repository import NEUTRAL_FILE


class RenameRefused(Exception):
    pass


def _set_aliases(text: str, add: list[str]) -> str:
    """The file's text with `add` appended to its aliases (front matter comments and order kept)."""
    head, sep, body = text[3:].partition("\n---")
    lines = head.split("\n")
    for i, line in enumerate(lines):
        match = re.match(r"^aliases:\s*\[(.*)\]\s*(#.*)?$", line)
        if match:
            items = [x.strip() for x in match.group(1).split(",") if x.strip()]
            items += [a for a in add if a not in items]
            lines[i] = f"aliases: [{', '.join(items)}]" + (f"  {match.group(2)}" if match.group(2) else "")
            break
        if re.match(r"^aliases:\s*(#.*)?$", line):  # a block list: add items under it
            lines[i + 1:i + 1] = [f"  - {a}" for a in add]
            break
    else:
        lines.insert(len(lines) - (1 if lines and lines[-1] == "" else 0), f"aliases: [{', '.join(add)}]")
    return "---" + "\n".join(lines) + sep + body


def _replace_related(text: str, old: str, new: str) -> str:
    head, sep, body = text[3:].partition("\n---")
    out, in_related = [], False
    for line in head.split("\n"):
        if re.match(r"^related:", line):
            in_related = True
            line = re.sub(rf"(?<![\w-]){re.escape(old)}(?![\w-])", new, line)
        elif in_related and re.match(r"^\s+-\s", line):
            line = re.sub(rf"(?<![\w-]){re.escape(old)}(?![\w-])", new, line)
        else:
            in_related = False
        out.append(line)
    return "---" + "\n".join(out) + sep + body


def rename(content, docs_dir: Path, old: str, new: str, redirect: bool) -> list[str]:
    """Rename the record; returns what was done, one line each."""
    record = content.records.get(old)
    if record is None:
        raise RenameRefused(f"no record has the slug '{old}' (the file name without .md, e.g. "
                            f"{next(iter(content.records), 'detained-at-night-osh')})")
    if not SLUG_RE.match(new):
        raise RenameRefused(f"'{new}' cannot be a file name: use lower-case letters a-z, digits and single hyphens")
    if new in content.records:
        raise RenameRefused(f"the slug '{new}' is already used by {content.records[new].original.path}")
    if record.status == "withdrawn":
        raise RenameRefused(f"'{old}' is withdrawn: its address keeps the neutral page; there is nothing to rename")
    # a record never published has no address to keep: its files just move (no alias, no neutral page,
    # which would put the old, perhaps identifying, address online for the first time)
    never_published = all(v.meta.get("status") in ("draft", "review") for v in record.versions.values())
    folder = docs_dir / record.folder
    done = []
    assets = docs_dir / "assets"
    for version in record.versions.values():
        source = folder / Path(version.path).name
        text = source.read_text("utf-8")
        for image in record.meta.get("images") or []:
            src = image.get("src") if isinstance(image, dict) else None
            if isinstance(src, str) and old in Path(src).name:
                new_src = str(Path(src).with_name(Path(src).name.replace(old, new)))
                if (assets / src).is_file():
                    (assets / new_src).parent.mkdir(parents=True, exist_ok=True)
                    (assets / src).rename(assets / new_src)
                    done.append(f"moved content/assets/{src} to content/assets/{new_src}")
                text = text.replace(f"src: {src}", f"src: {new_src}")
        aliases = [old] if redirect and not never_published else []
        if aliases:
            text = _set_aliases(text, aliases)
        target = folder / source.name.replace(old, new, 1)
        with open(target, "x", encoding="utf-8") as handle:
            handle.write(text)
        if never_published:
            source.unlink()
            done.append(f"moved {record.folder}/{source.name} to {record.folder}/{target.name} (not published yet: "
                        "no old address to keep)")
        elif redirect:
            source.unlink()
            done.append(f"moved {record.folder}/{source.name} to {record.folder}/{target.name}, "
                        f"with 'aliases: [{old}]' so the old address redirects")
        else:
            source.write_text(NEUTRAL_FILE, "utf-8")
            done.append(f"moved {record.folder}/{source.name} to {record.folder}/{target.name}; the old file now "
                        "holds only the neutral withdrawn page")
    for other in content.records.values():
        if other.slug != old and old in (other.meta.get("related") or []):
            for version in other.versions.values():
                path = docs_dir / other.folder / Path(version.path).name
                path.write_text(_replace_related(path.read_text("utf-8"), old, new), "utf-8")
                done.append(f"{other.folder}/{path.name}: related now names {new}")
    return done


def cmd_rename(args) -> int:
    from ..content.loader import load_content
    from .cli import site_settings

    config_file = Path(args.config)
    if not config_file.is_file():
        print(f"campaign: cannot find {config_file}; run this in the project folder or pass --config", file=sys.stderr)
        return 2
    if args.redirect is None:
        print("campaign rename: say what the old address does, because only you know whether it could identify her:\n"
              "  --redirect      the old address sends readers to the new one (links in letters keep working)\n"
              "  --no-redirect   the old address shows only the neutral 'withdrawn' page (use it when the old\n"
              "                  address names her, her street or anything that could identify her)",
              file=sys.stderr)
        return 2
    settings, docs_dir = site_settings(config_file)
    content = load_content(docs_dir, settings, project_root=config_file.resolve().parent)
    try:
        done = rename(content, Path(docs_dir), args.old, args.new, args.redirect)
    except (RenameRefused, FileExistsError) as exc:
        print(f"campaign rename: nothing was changed: {exc}", file=sys.stderr)
        return 2
    print("\n".join(done))
    print("\nNext: run 'campaign check', then commit and open a pull request.")
    if not args.redirect:
        print(f"The old file names are still in the history: if the old address could identify her, run "
              f"'campaign purge {args.old}' after the change is merged (see 'Keeping the repository safe').")
    return 0
