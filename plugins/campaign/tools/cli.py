"""The `campaign` console command for editors.

- `check`: loads the site's mkdocs.yml to find the languages and settings,
  then runs exactly the validation the build runs;
- `new`: scaffolds a draft record with every field explained (never asks
  anything: every choice is an option, so it can run in scripts);
- `import`: turns a form export (CSV) into draft stories (campaign.importer);
- `translations`: what is missing or outdated in each language
  (campaign.translations); `--strict` fails when a language lacks anything but
  records (campaign.tools.completeness);
- `form`: the community reporting form (XLSForm, XForm, import mapping,
  paper version) from the registries (campaign.tools.form, formfiles).
- `purge`: takes a withdrawn record's text out of the git history
  (campaign.tools.purge). `check --public-repository` also refuses what a
  public repository must not hold (campaign.content.repository);
- `rename`: changes a record's slug in every language (campaign.tools.rename).
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import sys
import unicodedata
from importlib import resources
from pathlib import Path

from ..content.inventory import pages_from_nav
from ..content.loader import SLUG_RE, Settings, load_content
from ..content.problems import Problems
from ..content.recordtypes import FOLDERS, RECORD_TYPES
from ..content.repository import public_repository_problems, withdrawn_problems
from ..safety.fingerprints import FILE_NAME as FINGERPRINTS_FILE
from ..safety.fingerprints import Fingerprints
from ..site.aliases import missing_urls
from .gitrepo import private_files_problems


def site_settings(config_file: Path) -> tuple[Settings, Path]:
    """Languages and plugin options from mkdocs.yml, as the build sees them, and the content folder."""
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
                        today=dt.date.fromisoformat(today) if today else dt.date.today(),
                        pages=pages_from_nav(config.nav, options.get("pages") or []))
    # content/ is read by the engine only; MkDocs' docs_dir is the stage it fills
    content_dir = Path(config.config_file_path).parent / options.get("content_dir", "content")
    return settings, content_dir


def cmd_check(args) -> int:
    config_file = Path(args.config)
    if not config_file.is_file():
        print(f"campaign: cannot find {config_file}; run this in the project folder or pass --config", file=sys.stderr)
        return 2
    settings, docs_dir = site_settings(config_file)
    content = load_content(docs_dir, settings, project_root=config_file.resolve().parent)
    problems = content.problems
    previous_source = args.previous
    if args.previous_site:
        previous_source = _published_records_url(config_file)
    previous_text = _previous_records(previous_source) if previous_source else None
    if previous_text is False:
        return 2
    if previous_text:
        # URLs a previous build served must keep working (partners cite them)
        for path in missing_urls(previous_text, content):
            problems.add(str(previous_source), 0, "-", f"/{path} was published before and would disappear",
                         "if the record was renamed, add its old slug under 'aliases:' in the renamed record (or "
                         "undo the rename and use 'campaign rename OLD NEW --redirect', or --no-redirect when the old "
                         "address could identify her); to take a record down, withdraw it (this keeps a neutral page "
                         "at its address)")
    # --- the source repository (SPEC 5.5): not checked by the build, so that a withdrawal always reaches the site
    problems.extend(withdrawn_problems(content))
    if args.public_repository:
        problems.extend(p for p in public_repository_problems(content, docs_dir, config_file.resolve().parent)
                        if p not in problems)
        problems.extend(private_files_problems(config_file.resolve().parent))
    # ---
    if problems.notes and not args.quiet:
        print(f"{len(problems.notes)} note(s) on records that are not published (they block nothing yet):")
        print("\n".join(p.format() for p in sorted(problems.notes, key=lambda p: (p.path, p.line))))
        print()
    if problems.errors:
        if args.public_repository:
            print(f"{len(problems.errors)} problem(s): this repository must not be public as it is. Anyone can "
                  "read every file and every old version of it:")
        else:
            print(f"{len(problems.errors)} problem(s) must be fixed before the site can be built:")
        print(problems.report())
        return 1
    published = sum(1 for r in content.records.values() if content.state(r) == "public")
    print(f"OK: {len(content.records)} records checked, {published} published.")
    _print_form_warnings(config_file, settings, docs_dir)
    return 0


# hosts reserved for examples (RFC 2606): a site_url there is a placeholder, not a published site
PLACEHOLDER_HOSTS = (".example", ".invalid", ".test", "localhost")


def _published_records_url(config_file: Path) -> str | None:
    from urllib.parse import urlparse

    from mkdocs.config import load_config

    site_url = load_config(str(config_file)).site_url or ""
    host = urlparse(site_url).hostname or ""
    if not host or host.endswith(PLACEHOLDER_HOSTS):
        print(f"Note: site_url ({site_url or 'not set'}) is not a published address yet: no previous build to "
              "compare addresses with.")
        return None
    return site_url.rstrip("/") + "/data/records.json"


def _previous_records(source: str):
    """The text of a previous build's data/records.json (a file or an address); None when the site was never
    published; False (after saying why) when it cannot be read."""
    if source.startswith(("http://", "https://")):
        import urllib.error
        import urllib.request

        try:
            with urllib.request.urlopen(source, timeout=60) as response:
                return _records_text(response.read().decode("utf-8", "replace"), source)
        except urllib.error.HTTPError as exc:
            if exc.code == 404:
                print(f"Note: {source} does not exist (the site was not published yet): no addresses to compare.")
                return None
            print(f"campaign: cannot read {source}: the server answered {exc.code}", file=sys.stderr)
        except (urllib.error.URLError, OSError) as exc:
            why = getattr(exc, "reason", exc)
            why = getattr(why, "strerror", None) or str(why)
            print(f"campaign: cannot read {source}: the site cannot be reached ({why}); check the address and the "
                  "connection. Nothing was compared, so the check fails.", file=sys.stderr)
        return False
    path = Path(source)
    if path.is_dir():
        inside = path / "data" / "records.json"
        if not inside.is_file():
            print(f"campaign: {source} is a folder without data/records.json; give the file data/records.json of "
                  "a built site (after 'mkdocs build' it is site/data/records.json)", file=sys.stderr)
            return False
        path = inside
    try:
        return _records_text(path.read_text("utf-8"), source)
    except FileNotFoundError:
        print(f"campaign: {source} does not exist; give the file data/records.json of a built site (after "
              "'mkdocs build' it is site/data/records.json)", file=sys.stderr)
    except (OSError, UnicodeDecodeError) as exc:
        print(f"campaign: cannot read {source} ({exc.strerror or exc.__class__.__name__})", file=sys.stderr)
    return False


def _records_text(text: str, source: str):
    """The text when it is a data/records.json of this engine's build; False (after saying why) otherwise: a
    wrong file must not pass as 'nothing disappears'."""
    try:
        data = json.loads(text)
    except ValueError:
        data = None
    records = data.get("records") if isinstance(data, dict) else None
    if not isinstance(records, list) or not all(
            isinstance(r, dict) and isinstance(r.get("slug"), str) and isinstance(r.get("type"), str)
            and isinstance(r.get("languages"), list) for r in records):
        print(f"campaign: {source} is not the data/records.json of a build of this site (it has no list of records "
              "with their type, slug and languages); give site/data/records.json of the previous build",
              file=sys.stderr)
        return False
    return text


def _config(args) -> Path | None:
    config_file = Path(args.config)
    if not config_file.is_file():
        print(f"campaign: cannot find {config_file}; run this in the project folder or pass --config", file=sys.stderr)
        return None
    return config_file


def _slug_from(text: str) -> str:
    """Latin letters and digits of `text`, joined by hyphens (accents dropped)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def _slug_problem(slug: str) -> str:
    """Why `slug` cannot be a file name, in plain words."""
    if not slug:
        return "the slug is empty"
    if slug != slug.lower():
        return "it has capital letters"
    if slug.endswith(".md"):
        return "leave out the .md at the end"
    if re.search(r"[^\x00-\x7f]", slug):
        return "it has letters outside a-z (file names use Latin letters only)"
    if " " in slug or "_" in slug:
        return "it has spaces or underscores (use hyphens)"
    if slug.startswith("-") or slug.endswith("-") or "--" in slug:
        return "it starts or ends with a hyphen, or has two hyphens in a row"
    return "it has characters other than a-z, 0-9 and hyphens"


def _taken(docs_dir: Path, slug: str) -> list[Path]:
    """Existing record files (any type, any language) with this slug."""
    found = []
    for folder in FOLDERS.values():
        for path in sorted((docs_dir / folder).glob(f"{slug}*.md")):
            if path.name.split(".")[0] == slug:
                found.append(path)
    return found


def cmd_new(args) -> int:
    config_file = _config(args)
    if config_file is None:
        return 2
    settings, docs_dir = site_settings(config_file)
    lang = args.lang or settings.default_language
    if lang not in settings.languages:
        print(f"campaign: language '{lang}' is not configured for this site; use --lang with one of "
              f"{', '.join(settings.languages)}", file=sys.stderr)
        return 2
    if args.slug is not None:
        slug = args.slug.strip()
        if not SLUG_RE.match(slug):
            suggestion = _slug_from(slug)
            print(f"campaign: --slug '{args.slug}' cannot be a file name: {_slug_problem(slug)}. "
                  "Use lower-case letters a-z, digits and single hyphens"
                  + (f", e.g. --slug {suggestion}" if SLUG_RE.match(suggestion) else ", e.g. --slug detained-at-night-osh"),
                  file=sys.stderr)
            return 2
    else:
        slug = _slug_from(args.title)
        if not SLUG_RE.match(slug):
            print(f"campaign: the title '{args.title}' has no Latin letters or digits to make a file name from; "
                  "give one with --slug, e.g. --slug detained-at-night-osh (lower-case a-z, digits, hyphens)",
                  file=sys.stderr)
            return 2
    suffix = "" if lang == settings.default_language else f".{lang}"
    target = docs_dir / FOLDERS[args.type] / f"{slug}{suffix}.md"
    if target.exists():
        print(f"campaign: {target} already exists; choose another --slug", file=sys.stderr)
        return 2
    taken = _taken(docs_dir, slug)
    if taken:
        same = [p for p in taken if p.parent.name == FOLDERS[args.type]]
        if same:
            print(f"campaign: the record '{slug}' already exists ({same[0]}); to translate it, copy that file to "
                  f"{target.name} and translate only the title, summary and text (every other field stays the same)",
                  file=sys.stderr)
        else:
            print(f"campaign: the slug '{slug}' is already used by {taken[0]}; every record needs its own file name, "
                  "so choose another --slug", file=sys.stderr)
        return 2
    problems = Problems()
    from ..content.registries import load_registries

    registries = load_registries(docs_dir, settings.default_language, problems, config_file.resolve().parent)
    if args.city and registries.cities and args.city not in registries.cities:
        print(f"campaign: unknown city '{args.city}'; use --city with a slug from content/_data/places.yml: "
              + ", ".join(registries.cities), file=sys.stderr)
        return 2
    if args.organization and registries.organizations and args.organization not in registries.organizations:
        print(f"campaign: unknown organisation '{args.organization}'; use --organization with a slug from "
              "content/_data/organizations.yml: " + ", ".join(registries.organizations), file=sys.stderr)
        return 2
    # never guess a place: a story's city is given, or is the documenting organisation's (said aloud)
    city, city_note = args.city, ""
    if not city and args.type == "story":
        org = registries.organizations.get(args.organization) if args.organization else None
        if not org:
            print("campaign: where did it happen? Give --city with a city slug from content/_data/places.yml "
                  "(e.g. --city osh), or --organization to use the documenting organisation's city", file=sys.stderr)
            return 2
        city = org["city"]
        city_note = (f" Its city is {city}, the city of {args.organization}: change it if it happened elsewhere.")
    template = (resources.files("campaign.tools") / "scaffolds" / f"{args.type}.md").read_text("utf-8")
    if not city:  # other records: no place until the editor writes one
        template = re.sub(r"^(scope: city .*|city: \{city\}.*)$", lambda m: "# " + m.group(1), template, flags=re.M)
    # JSON text is valid YAML in double quotes: any title is safe there
    text = (template.replace('"{title}"', json.dumps(args.title, ensure_ascii=False))
            .replace("{city}", city or "<slug>").replace("{organization}", args.organization)
            .replace("{lang}", lang))
    target.parent.mkdir(parents=True, exist_ok=True)
    with open(target, "x", encoding="utf-8") as handle:
        handle.write(text)
    print(f"Created {target} (status: draft).{city_note} Fill in every field (no date, scope or place is "
          "filled in for you), then run: campaign check")
    return 0


def cmd_import(args) -> int:
    from .importer import MappingError, import_export, load_mapping

    config_file = _config(args)
    if config_file is None:
        return 2
    settings, docs_dir = site_settings(config_file)
    out = Path(args.out) if args.out else docs_dir
    if args.lang and args.lang not in settings.languages:
        print(f"campaign: language '{args.lang}' is not configured for this site; use --lang with one of "
              f"{', '.join(settings.languages)}", file=sys.stderr)
        return 2
    problems = Problems()
    from ..content.registries import load_registries

    registries = load_registries(docs_dir, settings.default_language, problems, config_file.resolve().parent)
    if problems.errors:
        print("campaign import: nothing was imported: the registries have problems; fix them first:", file=sys.stderr)
        print(problems.report(), file=sys.stderr)
        return 2
    try:
        mapping = load_mapping(args.mapping)
        result = import_export(args.file, mapping, out, settings.languages, settings.default_language,
                               lang=args.lang, registries=registries, dry_run=args.dry_run,
                               also_check=[docs_dir] if out.resolve() != docs_dir.resolve() else [])
    except MappingError as exc:
        print("campaign import: nothing was imported:", file=sys.stderr)
        print("\n".join("  " + m for m in exc.messages), file=sys.stderr)
        return 2
    if not args.dry_run:
        # what was dropped can never be allowed back by review.pii_allow (safety.fingerprints)
        fingerprints = Fingerprints.load(config_file.resolve().parent)
        values = [value for draft in result.drafts for value in draft.dropped]
        if values:
            for value in values:
                fingerprints.add(value)
            fingerprints.save()
    print(result.report(Path.cwd()))
    if not args.dry_run and values:
        print(f"Fingerprints of the {len(values)} dropped value(s) are in {FINGERPRINTS_FILE}: commit it with "
              "the drafts (private repository only), so that every editor's check and CI refuse them too.")
    return 0 if result.ok else 1


def cmd_translations(args) -> int:
    from .translations import file_body_hash, translation_report

    if args.hash:
        try:
            print(file_body_hash(args.hash))
        except (OSError, ValueError) as exc:
            print(f"campaign: cannot read {args.hash}: {exc}", file=sys.stderr)
            return 2
        return 0
    config_file = _config(args)
    if config_file is None:
        return 2
    settings, docs_dir = site_settings(config_file)
    content = load_content(docs_dir, settings, project_root=config_file.resolve().parent)
    report = translation_report(content, project_root=config_file.resolve().parent,
                                locales_dir=args.locales, use_git=not args.no_git)
    gaps = _language_gaps(config_file, settings, docs_dir, args.locales) if args.strict else []
    if args.json:
        document = report.to_json()
        if args.strict:
            document["strict"] = {"ok": not gaps, "gaps": [gap.to_json() for gap in gaps]}
        print(json.dumps(document, ensure_ascii=False, indent=2))
    else:
        print(report.table())
        if args.strict:
            print()
            if gaps:
                print(f"{len(gaps)} thing(s) missing in a configured language (records are not counted: "
                      "they may be missing in a language):")
                print("\n".join(gap.format() for gap in gaps))
            else:
                print("OK: the interface, the fixed pages, the registry texts and the menu are complete "
                      "in every language (records are not required).")
    return 1 if gaps else 0


def _language_gaps(config_file: Path, settings, docs_dir: Path, locales_dir=None) -> list:
    """What `--strict` fails on: see campaign.tools.completeness."""
    from mkdocs.config import load_config

    from .completeness import all_gaps
    from .translations import default_locales_dir

    config = load_config(str(config_file))
    options = {settings.default_language: {"site_name": config.site_name,
                                           "site_description": config.site_description}}
    i18n = config.plugins.get("i18n")
    for lang in (i18n.config.languages if i18n is not None else []):
        if lang.locale not in ("null", settings.default_language):
            options[lang.locale] = {"nav_translations": lang.nav_translations, "site_name": lang.site_name,
                                    "site_description": lang.site_description, "nav": lang.nav}
    root = config_file.resolve().parent
    return all_gaps(docs_dir=docs_dir, languages=settings.languages, default=settings.default_language,
                    locales_dir=Path(locales_dir) if locales_dir else default_locales_dir(),
                    project_root=root, rel_root=root, nav=config.nav, language_options=options,
                    config_path=config_file.name)


# ---------------------------------------------------- the reporting form --

def _intake_form(config_file: Path, settings: Settings, docs_dir: Path, registries=None):
    """The community reporting form the site's registries give now (None if the registries have errors)."""
    from mkdocs.config import load_config

    from ..content.registries import load_registries
    from .form import build_form

    if registries is None:
        problems = Problems()
        registries = load_registries(docs_dir, settings.default_language, problems, config_file.resolve().parent)
        if problems.errors:
            return None
    site_name = load_config(str(config_file)).site_name or "campaign"
    return build_form(registries, settings.languages, settings.default_language, site_name)


def _print_form_warnings(config_file: Path, settings: Settings, docs_dir: Path) -> None:
    """Warn when the committed form (content/_data/forms/) is not the one the registries give now."""
    from .formfiles import committed_form_warnings, forms_dir

    folder = forms_dir(docs_dir)
    if not folder.is_dir():
        return
    form = _intake_form(config_file, settings, docs_dir)
    if form is None:
        return
    root = config_file.resolve().parent
    warnings = committed_form_warnings(form, folder, lambda p: _shown(p, root))
    if warnings:
        print()
        print(f"{len(warnings)} warning(s) on the community reporting form (they block nothing):")
        for path, message, fix in warnings:
            print(f"{path}: {message}\n    how to fix: {fix}")


def _within(path: Path, folder: Path) -> Path | None:
    """`path` relative to `folder` when it is inside it (or is it), else None."""
    try:
        return Path(path).resolve().relative_to(Path(folder).resolve())
    except ValueError:
        return None


def _shown(path: Path, root: Path) -> str:
    try:
        return Path(path).resolve().relative_to(root).as_posix()
    except ValueError:
        return Path(path).as_posix()


def cmd_form(args) -> int:
    from ..content.registries import load_registries
    from .formfiles import XFORM, XLSFORM, FormError, committed_form_warnings, forms_dir, write_form

    config_file = _config(args)
    if config_file is None:
        return 2
    settings, docs_dir = site_settings(config_file)
    root = config_file.resolve().parent
    problems = Problems()
    registries = load_registries(docs_dir, settings.default_language, problems, root)
    if problems.errors:
        print("campaign form: nothing was written: the registries have problems; fix them first:", file=sys.stderr)
        print(problems.report(), file=sys.stderr)
        return 2
    form = _intake_form(config_file, settings, docs_dir, registries)
    out = Path(args.out) if args.out else forms_dir(docs_dir)
    inside = _within(out, docs_dir)
    if inside is not None and inside.parts[:1] != ("_data",):
        # anything else under the content folder can be published with the site
        print(f"campaign form: nothing was written: {_shown(out, root)} is inside the content folder, whose files "
              f"can be published; use --out {_shown(forms_dir(docs_dir), root)} (never published) or a folder "
              "outside the content folder", file=sys.stderr)
        return 2
    shown_out = _shown(out, root)
    unchanged = out.is_dir() and not committed_form_warnings(form, out, lambda p: _shown(p, root))
    pyxform_warnings: list[str] = []
    try:
        written = write_form(form, out, shown_out, pyxform_warnings)
    except FormError as exc:
        print(f"campaign form: nothing was written: {exc}", file=sys.stderr)
        return 2
    print(f"Wrote the community reporting form {form.form_id}, version {form.version}"
          + (" (unchanged: nothing to redeploy)" if unchanged else "")
          + f", in {', '.join(form.languages)}:")
    what = {XLSFORM: "upload to KoboToolbox or ODK Central", XFORM: "the same form as an XForm, checked by pyxform",
            "mapping.yml": f"campaign import export.csv --mapping {shown_out}/mapping.yml"}
    for path in written:
        note = what.get(path.name, "print it for interviews on paper")
        print(f"  {_shown(path, root)}  ({note})")
    for text in pyxform_warnings:
        print(f"Warning from pyxform: {text}")
    for lang, texts in form.untranslated.items():
        print(f"Warning: {len(texts)} text(s) of the form have no {lang} translation and are shown in English: "
              + "; ".join(f"'{t[:60]}'" for t in texts[:5]) + (" ..." if len(texts) > 5 else ""))
    return 0


def cmd_purge(args) -> int:
    from .purge import cmd_purge as purge

    return purge(args)


def cmd_rename(args) -> int:
    from .rename import cmd_rename as rename

    return rename(args)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="campaign", description="Women Against Violence editors' tools")
    parser.add_argument("--config", default="mkdocs.yml", help="the site's mkdocs.yml (default: ./mkdocs.yml)")
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="validate all content as the build does; exit 1 on errors")
    check.add_argument("--quiet", action="store_true", help="do not list notes on unpublished records")
    check.add_argument("--previous", metavar="RECORDS_JSON",
                       help="data/records.json of the previous build (a file, a built site's folder such as site/, "
                            "or an https:// address): fail if a URL it lists would disappear")
    check.add_argument("--previous-site", action="store_true",
                       help="the same, with data/records.json of the published site (site_url in mkdocs.yml); "
                            "takes no value")
    check.add_argument("--public-repository", action="store_true",
                       help="also fail on anything a public repository must not hold: drafts, records in review, "
                            "withdrawn or expired texts, private files (CI runs this when the repository is public)")
    check.set_defaults(func=cmd_check)
    new = sub.add_parser("new", help="create a draft record with every field explained")
    new.add_argument("type", choices=RECORD_TYPES)
    new.add_argument("--title", required=True)
    new.add_argument("--slug", help="file name without .md: a-z, digits, hyphens (default: made from the title)")
    new.add_argument("--lang", help="language of the text (default: the site's default language)")
    new.add_argument("--city", help="city slug from content/_data/places.yml (a story needs it, or --organization)")
    new.add_argument("--organization", default="", help="documenting organisation slug (stories)")
    new.set_defaults(func=cmd_new)
    imp = sub.add_parser("import", help="turn a form export (CSV) into draft stories; never publishes",
                         description="Turn a CSV export of a data-collection form (KoboToolbox, ODK) into draft "
                                     "stories, one file per row, by a mapping file (see "
                                     "plugins/campaign/tools/examples/kobo-mapping.yml). Exit 1 when some rows were not "
                                     "imported, 2 when nothing could be imported.")
    imp.add_argument("file", help="the CSV export")
    imp.add_argument("--mapping", required=True, help="the mapping file (YAML)")
    imp.add_argument("--lang", help="language of rows that do not say (default: the mapping's, else the site's)")
    imp.add_argument("--out", help="the content folder to write to (default: the site's, content/)")
    imp.add_argument("--dry-run", action="store_true", help="show the report, write nothing")
    imp.set_defaults(func=cmd_import)
    tr = sub.add_parser("translations", help="which records and interface strings lack which language",
                        description="For each language: records without a version in it, translations older "
                                    "than their original, and missing interface strings.")
    tr.add_argument("--json", action="store_true", help="print a JSON document (for CI)")
    tr.add_argument("--no-git", action="store_true", help="do not use git history; compare source_hash fields")
    tr.add_argument("--strict", action="store_true",
                    help="exit 1 when a configured language lacks an interface string, a fixed page, a registry "
                         "text or a menu label (records never fail: they are translated as editors can)")
    tr.add_argument("--locales", help=argparse.SUPPRESS)
    tr.add_argument("--hash", metavar="FILE",
                    help="print the source_hash to record in a translation of FILE (the original), and stop")
    tr.set_defaults(func=cmd_translations)
    form = sub.add_parser("form", help="write the community reporting form for KoboToolbox and ODK Central",
                          description="Write the story intake form as an XLSForm (KoboToolbox, ODK Central) in "
                                      "every site language, its XForm, the mapping that imports its exports, and "
                                      "a printable paper version, all made from content/_data/.")
    form.add_argument("--out", help="folder to write to (default: content/_data/forms, where 'campaign check' "
                                    "looks for it; it is never published)")
    form.set_defaults(func=cmd_form)
    purge = sub.add_parser("purge", help="take a withdrawn record's text out of the whole git history",
                           description="Remove every version of a record's files (every language, its photos) "
                                       "from every commit with git-filter-repo, keeping its withdrawn page. Without "
                                       "--yes it only lists the commits and files it would change.")
    purge.add_argument("slug", help="the record's file name without .md, e.g. held-at-the-clinic-almaty")
    purge.add_argument("--yes", action="store_true", help="rewrite the history (after reading the dry run)")
    purge.set_defaults(func=cmd_purge)
    ren = sub.add_parser("rename", help="change a record's slug (address) in every language",
                         description="Move every language file (and photos named after it) to the new slug. Say "
                                     "what the old address does: --redirect to the new one, or --no-redirect to "
                                     "show only the neutral withdrawn page (when the old address could identify her).")
    ren.add_argument("old", help="the record's current slug")
    ren.add_argument("new", help="the new slug: a-z, digits, hyphens")
    choice = ren.add_mutually_exclusive_group()
    choice.add_argument("--redirect", dest="redirect", action="store_true", default=None,
                        help="the old address redirects to the new one")
    choice.add_argument("--no-redirect", dest="redirect", action="store_false",
                        help="the old address shows only the neutral withdrawn page")
    ren.set_defaults(func=cmd_rename)
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except BrokenPipeError:  # output piped into `head` or `more` that stopped reading
        sys.stdout = open(os.devnull, "w")
        return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
