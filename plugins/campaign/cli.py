"""The `campaign` console command for editors: check content, scaffold new records.

`check` loads the site's mkdocs.yml to find the languages and settings, then
runs exactly the validation the build runs.
"""
from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from importlib import resources
from pathlib import Path

from . import FOLDERS, RECORD_TYPES
from .loader import Settings, load_content


def site_settings(config_file: Path) -> tuple[Settings, Path]:
    """Languages and plugin options from mkdocs.yml, as the build sees them."""
    from mkdocs.config import load_config

    config = load_config(str(config_file))
    plugin = config.plugins.get("campaign")
    i18n = config.plugins.get("i18n")
    if i18n is not None:
        default = next(lang.locale for lang in i18n.config.languages if lang.default)
        languages = [default] + [lang.locale for lang in i18n.config.languages
                                 if lang.locale not in (default, "null")]
    else:
        default = config.theme.get("language") or "en"
        languages = [default]
    options = plugin.config if plugin is not None else {}
    today = options.get("today")
    settings = Settings(languages=languages, default_language=default,
                        min_reviewers=options.get("min_reviewers", 2),
                        today=dt.date.fromisoformat(today) if today else dt.date.today())
    return settings, Path(config.docs_dir)


def cmd_check(args) -> int:
    config_file = Path(args.config)
    if not config_file.is_file():
        print(f"campaign: cannot find {config_file}; run this in the project folder or pass --config", file=sys.stderr)
        return 2
    settings, docs_dir = site_settings(config_file)
    content = load_content(docs_dir, settings, project_root=config_file.resolve().parent)
    problems = content.problems
    if problems.notes and not args.quiet:
        print(f"{len(problems.notes)} note(s) on records that are not published (they block nothing yet):")
        print("\n".join(p.format() for p in sorted(problems.notes, key=lambda p: (p.path, p.line))))
        print()
    if problems.errors:
        print(f"{len(problems.errors)} problem(s) must be fixed before the site can be built:")
        print(problems.report())
        return 1
    published = sum(1 for r in content.records.values() if content.state(r) == "public")
    print(f"OK: {len(content.records)} records checked, {published} published.")
    return 0


def cmd_new(args) -> int:
    config_file = Path(args.config)
    settings, docs_dir = site_settings(config_file)
    if args.lang not in settings.languages:
        print(f"campaign: language '{args.lang}' is not configured; use one of {', '.join(settings.languages)}", file=sys.stderr)
        return 2
    slug = args.slug or re.sub(r"[^a-z0-9]+", "-", args.title.lower()).strip("-")
    if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug or ""):
        print("campaign: give --slug with lower-case letters a-z, digits and hyphens (titles in other alphabets cannot become a slug)", file=sys.stderr)
        return 2
    suffix = "" if args.lang == settings.default_language else f".{args.lang}"
    target = docs_dir / FOLDERS[args.type] / f"{slug}{suffix}.md"
    if target.exists():
        print(f"campaign: {target} already exists; choose another --slug", file=sys.stderr)
        return 2
    today = dt.date.today().isoformat()
    template = (resources.files("campaign") / "scaffolds" / f"{args.type}.md").read_text("utf-8")
    text = (template.replace("{title}", args.title.replace('"', "'")).replace("{city}", args.city)
            .replace("{organization}", args.organization).replace("{today}", today)
            .replace("{year}", today[:4]))
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    print(f"Created {target} (status: draft). Fill it in, then run: campaign check")
    return 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="campaign", description="Women Against Violence editors' tools")
    parser.add_argument("--config", default="mkdocs.yml", help="the site's mkdocs.yml (default: ./mkdocs.yml)")
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="validate all content as the build does; exit 1 on errors")
    check.add_argument("--quiet", action="store_true", help="do not list notes on unpublished records")
    check.set_defaults(func=cmd_check)
    new = sub.add_parser("new", help="create a draft record with every field explained")
    new.add_argument("type", choices=RECORD_TYPES)
    new.add_argument("--title", required=True)
    new.add_argument("--slug", help="file name without .md (default: made from the title)")
    new.add_argument("--lang", default="en", help="language of the text (default: en)")
    new.add_argument("--city", default="tbilisi", help="city slug (default: tbilisi)")
    new.add_argument("--organization", default="", help="documenting organisation slug (stories)")
    new.set_defaults(func=cmd_new)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
